"""`validate_council`: what an editor must fix in one council, as errors and warnings naming the
file or entry. Each case starts from a council fresh from `ali council new` (which passes) or a
copy of Alicante, and breaks one thing."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ali.catalogue.scaffold import STARTER_FILE, NewCouncil, scaffold_council
from ali.catalogue.validation import Checks, CouncilValidation, Finding, validate_council
from ali.connectors.registry import CONNECTOR_TYPES
from tests.support.councils import ALICANTE

TODAY = dt.date(2026, 12, 3)
CHECKS = Checks(
    connector_types={"padron-certificate", "open311-report"},
    built_in_actions={"handoff.callback"},
    today=TODAY,
)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return scaffold_council(
        tmp_path,
        NewCouncil(
            id="villa",
            name="Ajuntament de la Vila",
            assistant_name="Vila",
            languages=("es", "va", "en"),
            today=TODAY,
            web_url="https://www.lavila.es/",
            sede_url="https://lavila.sedelectronica.es/",
            phone="965 000 000",
        ),
    )


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _entries(folder: Path) -> Path:
    return folder / "procedures" / STARTER_FILE


def _errors(result: CouncilValidation) -> list[tuple[str, str]]:
    return [(finding.where, finding.message) for finding in result.errors]


def _only(findings: tuple[Finding, ...], check: str) -> list[Finding]:
    return [finding for finding in findings if finding.check == check]


def test_a_fresh_council_has_no_error_but_is_not_ready(fresh: Path) -> None:
    result = validate_council(fresh, CHECKS)
    assert result.errors == ()
    assert result.passed()
    assert not result.passed(strict=True)  # its TODOs and draft privacy notice remain
    assert {finding.check for finding in result.warnings} == {"todo", "profile"}


def test_an_entry_missing_a_language_is_a_warning(fresh: Path) -> None:
    _edit(_entries(fresh), lambda entries: entries[0]["text"].pop("va"))
    result = validate_council(fresh, CHECKS)
    assert result.errors == ()
    [missing] = _only(result.warnings, "languages")
    assert missing.where == f"{STARTER_FILE}: informacion.sede-electronica"
    assert missing.message == "text: no text in va (citizens read the es text)"


def test_a_profile_text_missing_a_language_is_a_warning(fresh: Path) -> None:
    _edit(fresh / "council.yaml", lambda profile: profile["welcome"].pop("en"))
    [missing] = _only(validate_council(fresh, CHECKS).warnings, "languages")
    assert (missing.where, missing.message) == (
        "council.yaml",
        "welcome: no text in en (citizens read the es text)",
    )


def test_malformed_and_insecure_links_in_texts(fresh: Path) -> None:
    def links(entries: Any) -> None:
        entries[0]["text"]["es"]["how"] = "Entra en [la sede](www.lavila.es/sede)."
        entries[1]["text"]["en"]["summary"] = "See http://www.lavila.es/info for the details."

    _edit(_entries(fresh), links)
    result = validate_council(fresh, CHECKS)
    assert _errors(result) == [
        (
            "informacion.sede-electronica",
            "text.es.how: 'www.lavila.es/sede': not a complete http(s) link",
        )
    ]
    [insecure] = _only(result.warnings, "links")
    assert insecure.where == "informacion.atencion-ciudadana"
    assert "'http://www.lavila.es/info': http: is not encrypted" in insecure.message


def test_a_malformed_source_url_names_the_entry_and_field(fresh: Path) -> None:
    _edit(_entries(fresh), lambda entries: entries[2].update(source_url="lavila.es/padron"))
    [(where, message)] = _errors(validate_council(fresh, CHECKS))
    assert where == f"{STARTER_FILE}: padron.empadronamiento"
    assert message.startswith("source_url: malformed link 'lavila.es/padron'")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("source_url", "missing source_url: the official page this entry was checked against"),
        ("last_reviewed", "missing last_reviewed: the day an editor last checked it"),
    ],
)
def test_a_missing_source_is_an_error(fresh: Path, field: str, expected: str) -> None:
    _edit(_entries(fresh), lambda entries: entries[1].pop(field))
    [(where, message)] = _errors(validate_council(fresh, CHECKS))
    assert where == f"{STARTER_FILE}: informacion.atencion-ciudadana"
    assert message.startswith(f"{field}: {expected}")


def test_every_broken_entry_is_listed_at_once(fresh: Path) -> None:
    def breaks(entries: Any) -> None:
        entries[0].pop("source_url")
        entries[2]["text"]["es"]["summary"] = "corto"

    _edit(_entries(fresh), breaks)
    wheres = [where for where, _ in _errors(validate_council(fresh, CHECKS))]
    assert wheres == [
        f"{STARTER_FILE}: informacion.sede-electronica",
        f"{STARTER_FILE}: padron.empadronamiento",
    ]


def test_an_unknown_office_is_an_error(fresh: Path) -> None:
    _edit(
        _entries(fresh),
        lambda entries: entries[1]["channels"].append(
            {"type": "in_person", "offices": ["oficina-inventada"]}
        ),
    )
    assert _errors(validate_council(fresh, CHECKS)) == [
        ("villa", "informacion.atencion-ciudadana: unknown office 'oficina-inventada'")
    ]


def test_a_profile_error_names_its_field(fresh: Path) -> None:
    _edit(fresh / "council.yaml", lambda profile: profile["branding"].update(primary_color="red"))
    assert _errors(validate_council(fresh, CHECKS)) == [
        ("council.yaml", "branding.primary_color: colours are written as #rrggbb")
    ]


def test_connectors_unknown_unperformed_and_unused(fresh: Path) -> None:
    def connectors(profile: Any) -> None:
        profile["connectors"] = {
            "padron.teleport": {"type": "teleporter"},
            "incidencias.report": {"type": "open311-report"},
        }

    _edit(fresh / "council.yaml", connectors)
    _edit(_entries(fresh), lambda entries: entries[2].update(action="padron.issue_certificate"))
    errors = _errors(validate_council(fresh, CHECKS))
    assert (
        "council.yaml",
        "connectors.padron.teleport: unknown connector type 'teleporter' "
        "(known: open311-report, padron-certificate)",
    ) in errors
    assert (
        "padron.empadronamiento",
        "action: 'padron.issue_certificate' is performed by no connector of council.yaml",
    ) in errors
    assert ("council.yaml", "connectors.incidencias.report: no entry uses this action") in errors


def test_a_built_in_action_needs_no_connector(fresh: Path) -> None:
    _edit(_entries(fresh), lambda entries: entries[1].update(action="handoff.callback"))
    assert validate_council(fresh, CHECKS).errors == ()


def test_a_fact_past_its_year_is_an_error(fresh: Path) -> None:
    def fee(entries: Any) -> None:
        entries[2]["text"]["es"]["fee"] = "Gratuito."
        entries[2]["fact_years"] = {"fee": 2025}

    _edit(_entries(fresh), fee)
    result = validate_council(fresh, CHECKS)
    assert _errors(result) == [
        ("padron.empadronamiento", "fee: its figure is for 2025; set this year's (and fact_years)")
    ]
    assert result.freshness is not None and len(result.freshness.past_year) == 1


def test_placeholders_of_a_council_new_without_facts_are_warnings(tmp_path: Path) -> None:
    folder = scaffold_council(
        tmp_path,
        NewCouncil(
            id="x", name="Ayuntamiento de X", assistant_name="X", languages=("es",), today=TODAY
        ),
    )
    result = validate_council(folder, CHECKS)
    assert result.errors == ()
    messages = [finding.message for finding in result.warnings]
    assert any(m.startswith("web_url: 'https://web-del-ayuntamiento.invalid/'") for m in messages)
    assert any(m.startswith("contact.phone:") for m in messages)


def test_alicante_has_only_its_facts_past_their_year(tmp_path: Path) -> None:
    shutil.copytree(ALICANTE, tmp_path / "alicante")
    checks = Checks(
        connector_types=set(CONNECTOR_TYPES),
        built_in_actions={"handoff.callback"},
        today=dt.date(2026, 12, 2),
    )
    result = validate_council(tmp_path / "alicante", checks)
    assert result.errors
    assert {finding.check for finding in result.errors} == {"freshness"}


def test_an_inherited_entry_missing_a_language_is_a_warning(tmp_path: Path) -> None:
    base = tmp_path / "_bases" / "comarca"
    (base / "procedures").mkdir(parents=True)
    (base / "base.yaml").write_text(
        "id: comarca\nname: Comarca\ncategories: {tributos: {es: Tributos, va: Tributs}}\n"
        "source_url: https://www.comarca.es/\nlast_reviewed: 2026-12-01\n",
        encoding="utf-8",
    )
    entry = {
        "id": "tributos.pago",
        "category": "tributos",
        "source_url": "https://www.comarca.es/pago",
        "last_reviewed": dt.date(2026, 12, 1),
        "text": {"es": {"title": "Pago", "summary": "Pago de tributos de la comarca."}},
    }
    (base / "procedures" / "tributos.yaml").write_text(yaml.safe_dump([entry]), encoding="utf-8")
    folder = scaffold_council(
        tmp_path,
        NewCouncil(
            id="pueblo",
            name="Ajuntament del Poble",
            assistant_name="Poble",
            languages=("es", "va"),
            today=TODAY,
            base="comarca",
        ),
    )
    result = validate_council(folder, CHECKS)
    assert result.errors == ()
    [missing] = _only(result.warnings, "languages")
    assert missing.where == "_bases/comarca/tributos.yaml: tributos.pago"
    assert missing.message == "text: no text in va (citizens read the es text)"


def test_a_malformed_link_in_a_profile_text_is_an_error(fresh: Path) -> None:
    _edit(
        fresh / "council.yaml",
        lambda profile: profile["welcome"].update(en="Hello! See [our page](https:/lavila)."),
    )
    assert _errors(validate_council(fresh, CHECKS)) == [
        ("council.yaml", "welcome.en: 'https:/lavila': not a complete http(s) link")
    ]
