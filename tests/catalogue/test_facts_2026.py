"""The Alicante catalogue states the facts of the 2026 review, each with its source and year.

Source: ../shared/reference/municipal-facts-2026.md §0 and §1.1-§1.5. A figure set for one year
(a fee, a payment period) names that year in `fact_years`, so an answer given later says
"en 2025 fue..."; a period the ordinances fix "every year" names none.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from ali.catalogue import Catalogue
from ali.catalogue.schema import Procedure
from tests.support.councils import ALICANTE

REVIEW = dt.date(2026, 12, 2)
# Entries changed in the review of 2 December 2026 for issue 12 ("stale facts", "thin facts").
REVIEWED = """
tributos.pago tributos.fraccionamiento tributos.ibi tributos.ivtm tributos.tasa-residuos
otros.matrimonio-civil otros.animales otros.cementerio otros.ciberkioscos
movilidad.ora-residentes movilidad.grua via-publica.ocupacion via-publica.vado
urbanismo.obra-menor padron.volante padron.certificado
""".split()
# A source comment as the entries carry them: "# [where, date]".
SOURCE_COMMENT = re.compile(r"#.*\[[^\]]+\]")
YEAR_FIRST = re.compile(r"^(?:En|In) (20\d\d)\b")
# Third-party pages the reference warns give wrong Alicante tax dates.
WRONG_SOURCES = ("impuestosespana", "tasahouse", "rafas.es")


def _entry_sources() -> dict[str, str]:
    """Each entry's raw YAML text (comments included), by id."""
    blocks: dict[str, str] = {}
    for path in sorted((ALICANTE / "procedures").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for block in re.split(r"(?m)^(?=- id: )", text):
            match = re.match(r"- id: (\S+)", block)
            if match:
                blocks[match.group(1)] = block
    return blocks


def _es(catalogue: Catalogue, procedure_id: str) -> str:
    text = catalogue.get(procedure_id).text["es"]
    parts = [text.summary, text.who, text.fee, text.deadlines, text.processing_time, text.how]
    parts += text.requirements + text.notes
    channels = catalogue.get(procedure_id).channels
    parts += [channel.note.root["es"] for channel in channels if channel.note is not None]
    return " ".join(part for part in parts if part)


def test_ibi_urbana_is_paid_from_15_march_to_30_june_every_year(catalogue: Catalogue) -> None:
    ibi = catalogue.get("tributos.ibi")
    assert ibi.text["es"].deadlines is not None
    assert "del 15 de marzo al 30 de junio" in ibi.text["es"].deadlines
    assert "15 de març al 30 de juny" in (ibi.text["va"].deadlines or "")
    assert "15 March to 30 June" in (ibi.text["en"].deadlines or "")
    assert "deadlines" not in ibi.fact_years  # the ordinance's period, not one year's


def test_the_2026_ibi_rate_is_marked_2026(catalogue: Catalogue) -> None:
    ibi = catalogue.get("tributos.ibi")
    assert "0,61985 %" in (ibi.text["es"].fee or "")
    assert ibi.fact_years == {"fee": 2026}
    assert "6 plazos" in (ibi.text["es"].how or "")


def test_ivtm_is_paid_from_1_september_to_31_october(catalogue: Catalogue) -> None:
    ivtm = catalogue.get("tributos.ivtm")
    assert "del 1 de septiembre al 31 de octubre" in (ivtm.text["es"].deadlines or "")
    assert "1 September to 31 October" in (ivtm.text["en"].deadlines or "")
    assert "Jorge Juan, 5" in (ivtm.text["es"].how or "")


def test_the_2025_waste_fee_is_marked_2025(catalogue: Catalogue) -> None:
    waste = catalogue.get("tributos.tasa-residuos")
    assert waste.fact_years == {"fee": 2025, "deadlines": 2025}
    assert "69,85 €" in (waste.text["es"].fee or "")
    assert "8 semanas" in " ".join(waste.text["es"].notes)
    assert "prensa" not in (waste.text["es"].fee or "")  # where a figure came from is for editors


def test_the_civil_wedding_names_the_registry_and_the_booking_rules(catalogue: Catalogue) -> None:
    wedding = _es(catalogue, "otros.matrimonio-civil")
    assert "Registro Civil" in wedding and "Los Doscientos" in wedding
    assert "primer día laborable de octubre" in wedding
    assert "7 días naturales" in wedding
    assert "3 meses" in wedding
    assert catalogue.get("otros.matrimonio-civil").text["es"].fee is None  # NOT FOUND: not guessed


def test_the_ora_office_gives_its_address_phone_and_hours(catalogue: Catalogue) -> None:
    ora = catalogue.get("movilidad.ora-residentes")
    text = _es(catalogue, "movilidad.ora-residentes")
    assert "Pintor Velázquez, 15" in text
    assert "965 20 65 27" in {channel.phone for channel in ora.channels}
    assert "de 16:00 a 20:00" in text and "viernes de 9:00 a 14:00" in text
    assert ora.text["es"].processing_time == "Unos 10 días."
    assert ora.text["es"].fee is None  # the current price was not found


def test_dangerous_dogs_need_the_licence_and_the_register(catalogue: Catalogue) -> None:
    dogs = catalogue.get("otros.animales")
    requirements = " ".join(dogs.text["es"].requirements)
    assert "licencia municipal" in requirements and "registro municipal" in requirements
    assert "rottweiler" in (dogs.text["es"].who or "")
    assert "2 metros" in (dogs.text["es"].how or "")


def test_the_street_kiosks_say_how_many_and_what_they_do(catalogue: Catalogue) -> None:
    kiosks = catalogue.get("otros.ciberkioscos")
    for language, number in (("es", "20 ciberkioscos"), ("va", "20 ciberquioscos"), ("en", "20")):
        assert number in kiosks.text[language].summary
    summary = kiosks.text["es"].summary
    assert "certificado de empadronamiento" in summary and "cita previa" in summary
    assert any(channel.type == "kiosk" for channel in kiosks.channels)
    assert "Mercado de Babel" in " ".join(kiosks.text["es"].notes)


def test_padron_procedures_are_free(catalogue: Catalogue) -> None:
    for procedure in catalogue:
        if procedure.category == "padron":
            assert procedure.free is True, procedure.id


@pytest.mark.parametrize("procedure_id", REVIEWED)
def test_every_reviewed_entry_carries_its_sources(catalogue: Catalogue, procedure_id: str) -> None:
    procedure = catalogue.get(procedure_id)
    assert procedure.last_reviewed == REVIEW
    source = _entry_sources()[procedure_id]
    assert SOURCE_COMMENT.search(source) or procedure.editor_notes, procedure_id
    assert set(procedure.text) == {"es", "va", "en"}


def test_every_yearly_figure_names_its_year(catalogue: Catalogue) -> None:
    """A fact that opens with its year ("En 2025, ...") names that year in fact_years, and a
    fact_years entry is about a fact every language states with that year."""
    for procedure in catalogue:
        for fact in ("fee", "deadlines", "processing_time"):
            stated = getattr(procedure.text["es"], fact)
            match = YEAR_FIRST.match(stated or "")
            if match:
                assert procedure.fact_years.get(fact) == int(match.group(1)), (procedure.id, fact)
        for fact, year in procedure.fact_years.items():
            for language, text in procedure.text.items():
                assert str(year) in (getattr(text, fact) or ""), (procedure.id, fact, language)


def test_no_entry_relies_on_the_pages_that_give_wrong_tax_dates() -> None:
    for path in (ALICANTE / "procedures").glob("*.yaml"):
        raw = path.read_text(encoding="utf-8")
        quoted = [line for line in raw.splitlines() if any(s in line for s in WRONG_SOURCES)]
        # Only as a warning to editors ("do not use ..."), never as a source.
        assert all("not use" in line or line.strip().startswith(("-", "the")) for line in quoted), (
            path.name,
            quoted,
        )


def test_editor_notes_never_reach_the_citizen_texts() -> None:
    for path in (ALICANTE / "procedures").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            procedure = Procedure.model_validate(entry)
            citizen = procedure.model_dump_json(include={"text", "channels"})
            for note in procedure.editor_notes:
                assert note not in citizen, procedure.id


def test_source_comments_stay_comments() -> None:
    """A `# [source, date]` line between keys is a YAML comment, not part of the text above it."""
    for path in (ALICANTE / "procedures").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            dumped = yaml.safe_dump(entry, allow_unicode=True)
            assert "# [" not in dumped, entry["id"]
