"""Jaén's catalogue (issue 14): a second council, whose assistant is "Ea", in Spanish and English.

Its facts come from ../shared/reference/municipal-facts-2026.md §2 and §4: since 2026 its taxes and
fines are the Diputación's Servicio Provincial de Gestión y Recaudación's, its cita previa is at
citaprevia.aytojaen.es, and Andalucía's holidays apply.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
import yaml

from ali.catalogue import Catalogue, load_catalogue
from ali.catalogue.working_days import WorkingDays
from ali.intents.examples import load_examples
from ali.settings import DEFAULT_KNOWLEDGE_DIR
from tests.catalogue.test_facts_2026 import SOURCE_COMMENT, YEAR_FIRST
from tests.catalogue.test_plain_words import internal_wording

JAEN = DEFAULT_KNOWLEDGE_DIR / "jaen"
# The domains the reference names for Jaén: the council's (its cita previa, its e-mail), the
# Diputación's (its collection service's online office, sede and tax calendar), the urban bus, the
# Área de Jaén transport consortium, and the State's Carpeta Ciudadana.
KNOWN_DOMAINS = {
    "aytojaen.es",
    "dipujaen.es",
    "transporteurbanodejaen.es",
    "ctja.es",
    "administracion.gob.es",
}
# The OMIAC's free line, the transport consortium's office and the Carpeta Ciudadana's help line.
KNOWN_PHONES = {"900727273", "953313980", "060"}
PROVINCIAL_SERVICE = "Servicio Provincial de Gestión y Recaudación"


@pytest.fixture(scope="module")
def jaen() -> Catalogue:
    return load_catalogue(JAEN)


def _entries() -> list[tuple[str, dict[str, object]]]:
    return [
        (path.name, entry)
        for path in sorted((JAEN / "procedures").glob("*.yaml"))
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def test_jaen_is_its_own_council_with_ea(jaen: Catalogue) -> None:
    profile = jaen.profile
    assert profile.id == "jaen"
    assert profile.assistant_name == "Ea"
    assert "Ea" in profile.welcome.get("es") and "Ea" in profile.welcome.get("en")
    assert (JAEN / str(profile.branding.logo)).read_text().startswith("<svg")
    assert profile.kiosks == []


def test_it_has_at_least_25_procedures(jaen: Catalogue) -> None:
    assert len(jaen) >= 25


def test_every_entry_is_written_in_spanish_and_english_only(jaen: Catalogue) -> None:
    assert jaen.languages == ["es", "en"]
    for file, entry in _entries():
        text = entry["text"]
        assert isinstance(text, dict)
        assert set(text) == {"es", "en"}, (file, entry["id"])
        for language, written in text.items():
            assert written["title"].strip() and written["summary"].strip(), (entry["id"], language)


def test_andalusias_holidays_apply(jaen: Catalogue) -> None:
    calendar = jaen.profile.calendar
    assert (calendar.country, calendar.subdivision) == ("ES", "AN")
    days = WorkingDays(calendar)
    # Jueves Santo, and 2 November and 7 December (1 Nov and 6 Dec fall on Sundays in 2026).
    for day in (dt.date(2026, 4, 2), dt.date(2026, 11, 2), dt.date(2026, 12, 7)):
        assert not days.is_working_day(day), day
    assert days.is_working_day(dt.date(2026, 3, 19))  # San José is Valencian, not Andalusian
    assert days.is_working_day(dt.date(2026, 12, 9))


def test_taxes_and_fines_point_to_the_provincial_collection_service(jaen: Catalogue) -> None:
    entries = [p for p in jaen if p.category in ("tributos", "multas")]
    assert len(entries) >= 8
    for procedure in entries:
        for language, text in procedure.text.items():
            said = " ".join(filter(None, [text.summary, text.how, text.department]))
            assert PROVINCIAL_SERVICE in said or "provincial collection service" in said, (
                procedure.id,
                language,
            )
        assert any(
            channel.url is not None and urlparse(str(channel.url)).hostname == "ofsgt.dipujaen.es"
            for channel in procedure.channels
        ), procedure.id


def test_no_tax_connector_since_the_diputacion_collects(jaen: Catalogue) -> None:
    assert not [name for name in jaen.profile.connectors if name.startswith("tributos.")]
    used = (
        {p.action for p in jaen} | {p.status_action for p in jaen} | {p.cancel_action for p in jaen}
    )
    assert set(jaen.profile.connectors) <= used


def test_the_ibi_comes_in_two_2026_receipts(jaen: Catalogue) -> None:
    ibi = jaen.get("tributos.ibi")
    assert ibi.fact_years == {"deadlines": 2026}
    assert "1 de abril al 5 de junio" in str(ibi.text["es"].deadlines)
    assert "1 September to 5 November" in str(ibi.text["en"].deadlines)


def test_appointments_are_booked_at_citaprevia_aytojaen(jaen: Catalogue) -> None:
    assert str(jaen.profile.contact.appointment_url) == "https://citaprevia.aytojaen.es/"
    assert jaen.profile.procedures.appointments == "citas.cita-previa"
    booking = jaen.get("citas.cita-previa")
    assert any(str(c.url) == "https://citaprevia.aytojaen.es/" for c in booking.channels)


def test_every_link_is_https_on_a_domain_the_reference_names(jaen: Catalogue) -> None:
    citizen_facing = jaen.profile.model_dump_json(exclude={"identity", "connectors"})
    raw = "\n".join(p.model_dump_json() for p in jaen) + citizen_facing
    urls = re.findall(r"[a-z]+://[^\s\"'),]+", raw)
    assert urls
    for url in urls:
        parsed = urlparse(url)
        host = parsed.hostname or ""
        assert parsed.scheme == "https", url
        assert any(host == d or host.endswith(f".{d}") for d in KNOWN_DOMAINS), url


def test_only_sourced_phone_numbers(jaen: Catalogue) -> None:
    raw = "\n".join(p.model_dump_json() for p in jaen) + jaen.profile.model_dump_json()
    found = {
        re.sub(r"\D", "", m) for m in re.findall(r"(?<!\d)\d{3}(?:[ .]?\d{3}){0,2}(?!\d)", raw)
    }
    phones = {number for number in found if len(number) == 9 or number in {"010", "060", "112"}}
    assert phones <= KNOWN_PHONES, phones - KNOWN_PHONES
    assert "010" not in phones  # Jaén has no 010 line that the reference knows of


def test_citizen_texts_carry_no_editors_wording(jaen: Catalogue) -> None:
    assert [hit for procedure in jaen for hit in internal_wording(procedure)] == []


def test_every_yearly_figure_names_its_year(jaen: Catalogue) -> None:
    for procedure in jaen:
        for fact in ("fee", "deadlines", "processing_time"):
            match = YEAR_FIRST.match(getattr(procedure.text["es"], fact) or "")
            if match:
                assert procedure.fact_years.get(fact) == int(match.group(1)), (procedure.id, fact)
        for fact, year in procedure.fact_years.items():
            for language, text in procedure.text.items():
                assert str(year) in (getattr(text, fact) or ""), (procedure.id, fact, language)


def test_every_entry_carries_its_sources(jaen: Catalogue) -> None:
    for path in sorted((JAEN / "procedures").glob("*.yaml")):
        blocks = re.split(r"(?m)^(?=- id: )", path.read_text(encoding="utf-8"))[1:]
        for block in blocks:
            procedure = jaen.get(block.split()[2])
            assert procedure.last_reviewed == dt.date(2026, 12, 3), procedure.id
            assert SOURCE_COMMENT.search(block) or procedure.editor_notes, procedure.id


def test_ea_is_greeted_by_its_name() -> None:
    greetings = {p.text for p in load_examples(JAEN) if p.key == "greeting"}
    assert {"hola ea", "hi ea"} <= greetings
