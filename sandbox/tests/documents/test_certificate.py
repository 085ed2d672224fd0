from __future__ import annotations

import dataclasses
import datetime as dt
from typing import get_args

import pytest

from ali.catalogue.schema import Language
from ali.language.registry import BUILT_IN as LANGUAGES
from ali_sandbox.documents import (
    CertificateKind,
    CertificateRenderer,
    DocumentError,
    Resident,
    find_unicode_font,
    render_certificate,
    verification_link,
)
from sandbox.tests.documents.conftest import (
    BEGONYA,
    HISTORY,
    JOAN,
    VERIFY_URL,
    padron_certificate,
    pdf_text,
)

KINDS: tuple[CertificateKind, ...] = get_args(CertificateKind)

CHECK_SENTENCE = {
    "es": "Puede comprobar la autenticidad de este documento en",
    "va": "Podeu comprovar l'autenticitat d'aquest document en",
    "en": "You can check the authenticity of this document at",
}


def test_an_unmasked_identity_document_is_refused() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(
            residents=(Resident("Begoña Pérez Çanet", "12344567Z", dt.date.today()),)
        )


def test_a_certificate_without_residents_is_refused() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(kind="colectivo", residents=())


def test_an_individual_certificate_is_for_one_person() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(kind="individual", residents=(BEGONYA, JOAN))


def test_only_a_historical_certificate_has_a_history() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(kind="historico", history=())
    with pytest.raises(DocumentError):
        padron_certificate(kind="individual", history=HISTORY)


def test_a_csv_that_is_not_canonical_is_refused() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(csv="ALI-0000-0000-0000-0000-0000")
    with pytest.raises(DocumentError):
        padron_certificate(csv=padron_certificate().csv.lower())


def test_unknown_kind_language_or_url_is_refused() -> None:
    with pytest.raises(DocumentError):
        padron_certificate(kind="temporal")  # type: ignore[arg-type]
    with pytest.raises(DocumentError):
        padron_certificate(language="fr")  # type: ignore[arg-type]
    with pytest.raises(DocumentError):
        padron_certificate(verification_url="javascript:alert(1)")


def test_a_name_the_core_font_cannot_write_fails_cleanly() -> None:
    cyrillic = Resident("Анна Петрова", "***9876X", dt.date(2020, 1, 1))
    certificate = padron_certificate(residents=(cyrillic,))
    with pytest.raises(DocumentError):
        render_certificate(certificate)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_in_every_language(kind: CertificateKind, language: Language) -> None:
    certificate = padron_certificate(kind=kind, language=language)
    pdf = render_certificate(certificate)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert certificate.csv in text
    assert CHECK_SENTENCE[language] in text
    assert VERIFY_URL in text
    assert "Begoña Pérez Çanet" in text
    assert "***4567Z" in text
    if kind == "colectivo":
        assert "Joan Martí i Rovira·la" in text
    if kind == "historico":
        assert "Calle San Vicente 12, 03004 Alicante" in text


def test_the_csv_is_printed_on_every_page() -> None:
    residents = tuple(
        dataclasses.replace(JOAN, full_name=f"Joan Martí i Rovira·la {n}") for n in range(60)
    )
    certificate = padron_certificate(kind="colectivo", residents=residents)
    pdf = render_certificate(certificate)
    pages = pdf.count(b"/Type /Page\n")
    assert pages >= 2
    assert pdf_text(pdf).count(certificate.csv) >= pages + 1
    assert "Joan Martí i Rovira·la 59" in pdf_text(pdf)


def test_the_body_texts_are_in_the_chosen_language() -> None:
    spanish = pdf_text(render_certificate(padron_certificate(language="es")))
    valencian = pdf_text(render_certificate(padron_certificate(kind="colectivo", language="va")))
    assert "CERTIFICADO DE EMPADRONAMIENTO INDIVIDUAL" in spanish
    assert "según los datos del Padrón Municipal de" in spanish
    assert "CERTIFICAT D'EMPADRONAMENT COL·LECTIU" in valencian
    assert "Codi Segur de Verificació" in valencian


def test_dashes_and_other_latin_letters_are_written() -> None:
    stefan = Resident("Ștefan Popescu — hijo", "***1111A", dt.date(2021, 6, 1))
    text = pdf_text(render_certificate(padron_certificate(residents=(stefan,))))
    assert "Stefan Popescu — hijo" in text


def test_the_qr_code_links_to_the_verification_page() -> None:
    assert verification_link(VERIFY_URL, "ALI-X") == f"{VERIFY_URL}?csv=ALI-X"
    assert (
        verification_link("https://sede.example.es/v?lang=va", "ALI-X")
        == "https://sede.example.es/v?lang=va&csv=ALI-X"
    )
    pdf = render_certificate(padron_certificate())
    assert b"/Subtype /Image" in pdf


@pytest.mark.skipif(find_unicode_font() is None, reason="no DejaVu Sans on this system")
def test_a_unicode_font_writes_any_script() -> None:
    anna = Resident("Анна Петрова", "***9876X", dt.date(2020, 1, 1))
    certificate = padron_certificate(kind="colectivo", residents=(BEGONYA, JOAN, anna))
    pdf = CertificateRenderer(font=find_unicode_font()).render(certificate)
    assert pdf.startswith(b"%PDF-")
    assert b"DejaVuSans" in pdf
