from __future__ import annotations

from pathlib import Path

import pytest

from ali_sandbox.documents import (
    DocumentError,
    SealCertificate,
    render_certificate,
    sign_pdf,
    verify_pdf,
)
from sandbox.tests.documents.conftest import padron_certificate


@pytest.fixture(scope="module")
def signed(demo_seal: SealCertificate) -> bytes:
    pdf = render_certificate(padron_certificate(kind="colectivo"))
    return sign_pdf(pdf, demo_seal, "Certificado de empadronamiento", "Alicante")


def test_signing_something_that_is_not_a_pdf_fails(demo_seal: SealCertificate) -> None:
    with pytest.raises(DocumentError) as caught:
        sign_pdf(b"not a pdf", demo_seal, "reason", "Alicante")
    assert caught.value.status_code == 500
    assert caught.value.detail == "The document could not be sealed."
    assert caught.value.__cause__ is not None


def test_garbage_is_neither_intact_nor_valid(demo_seal: SealCertificate) -> None:
    result = verify_pdf(b"%PDF-1.7 nonsense", demo_seal)
    assert (result.intact, result.valid) == (False, False)


def test_an_unsigned_pdf_is_not_valid(demo_seal: SealCertificate) -> None:
    result = verify_pdf(render_certificate(padron_certificate()), demo_seal)
    assert (result.intact, result.valid) == (False, False)
    assert result.problem == "not signed"


def test_a_flipped_byte_in_the_signed_content_is_detected(
    signed: bytes, demo_seal: SealCertificate
) -> None:
    tampered = bytearray(signed)
    position = signed.index(b"stream", signed.index(b"/Contents")) + 40
    tampered[position] ^= 0x01
    result = verify_pdf(bytes(tampered), demo_seal)
    assert not result.intact
    assert not result.valid
    assert result.problem == "signed content altered"


def test_another_seal_does_not_validate_the_document(signed: bytes, tmp_path: Path) -> None:
    other = SealCertificate.create_demo("Ayuntamiento de Alicante", tmp_path)
    result = verify_pdf(signed, other)
    assert result.intact
    assert not result.valid
    assert result.problem == "signed by another seal"


def test_content_appended_after_signing_is_not_valid(
    signed: bytes, demo_seal: SealCertificate
) -> None:
    appended = signed + b"\n% a note added later\n"
    result = verify_pdf(appended, demo_seal)
    assert result.intact
    assert not result.valid
    assert result.problem == "content added after signing"


def test_a_signed_certificate_is_intact_and_valid(
    signed: bytes, demo_seal: SealCertificate
) -> None:
    assert b"/ETSI.CAdES.detached" in signed
    result = verify_pdf(signed, demo_seal)
    assert result.intact
    assert result.valid
    assert result.problem is None
    assert result.signer_common_name == demo_seal.common_name


def test_a_seal_loaded_from_disk_verifies_what_it_signed(tmp_path: Path) -> None:
    created = SealCertificate.load_or_create_demo(tmp_path, "Ajuntament d'Alacant")
    pdf = render_certificate(padron_certificate(kind="historico", language="va"))
    signed = sign_pdf(pdf, created, "Certificat d'empadronament", "Alacant")
    reloaded = SealCertificate.load_or_create_demo(tmp_path, "Ajuntament d'Alacant")
    assert verify_pdf(signed, reloaded).valid
