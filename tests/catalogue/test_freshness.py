"""Yearly facts past their year and entries due for review (`ali.catalogue.freshness`, and the
`ali council check` command that prints them)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ali.catalogue import Catalogue
from ali.catalogue.freshness import PROFILE_ENTRY, PastYear, check_freshness
from ali.cli import app
from tests.support.councils import ALICANTE

DECEMBER_2026 = dt.date(2026, 12, 2)


def _with_years(catalogue: Catalogue, year: int) -> Catalogue:
    """The same catalogue with every yearly fact set for `year` and every entry just reviewed."""
    procedures = [
        procedure.model_copy(
            update={
                "fact_years": dict.fromkeys(procedure.fact_years, year),
                "last_reviewed": DECEMBER_2026,
            }
        )
        for procedure in catalogue
    ]
    profile = catalogue.profile.model_copy(update={"last_reviewed": DECEMBER_2026})
    return Catalogue(profile=profile, procedures=procedures)


def test_a_negative_review_age_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="negative"):
        check_freshness(catalogue, DECEMBER_2026, dt.timedelta(days=-1))


def test_the_2025_waste_fee_is_past_its_year_in_2026(catalogue: Catalogue) -> None:
    report = check_freshness(catalogue, DECEMBER_2026)
    assert PastYear("tributos.tasa-residuos", "fee", 2025) in report.past_year
    assert PastYear("tributos.tasa-residuos", "deadlines", 2025) in report.past_year
    assert not report.current


def test_the_same_fee_is_current_during_its_own_year(catalogue: Catalogue) -> None:
    report = check_freshness(catalogue, dt.date(2025, 12, 31))
    assert "tributos.tasa-residuos" not in {item.procedure_id for item in report.past_year}
    assert PastYear("via-publica.vado", "deadlines", 2024) in report.past_year


def test_a_catalogue_with_current_years_has_nothing_past_its_year(catalogue: Catalogue) -> None:
    current = _with_years(catalogue, DECEMBER_2026.year)
    assert any(procedure.fact_years for procedure in current)  # the check had something to check
    report = check_freshness(current, DECEMBER_2026)
    assert report.past_year == ()
    assert report.due_for_review == ()
    assert report.current


def test_entries_not_reviewed_for_longer_than_the_age_are_due(catalogue: Catalogue) -> None:
    current = _with_years(catalogue, DECEMBER_2026.year)
    a_year_later = DECEMBER_2026 + dt.timedelta(days=400)
    report = check_freshness(current, a_year_later, dt.timedelta(days=365))
    entries = {due.entry for due in report.due_for_review}
    assert entries == {PROFILE_ENTRY, *(procedure.id for procedure in current)}
    assert all(due.age == dt.timedelta(days=400) for due in report.due_for_review)
    assert check_freshness(current, a_year_later, dt.timedelta(days=400)).due_for_review == ()


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    shutil.copytree(ALICANTE, tmp_path / "alicante")
    return tmp_path


def test_council_check_lists_the_waste_fee_and_fails(knowledge: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["council", "check", "--today", "2026-12-02", "--knowledge-dir", str(knowledge)],
        terminal_width=200,
    )
    assert result.exit_code == 1, result.output
    assert "facts past their year" in result.output
    assert "tributos.tasa-residuos" in result.output
    assert "2025" in result.output


def test_council_check_passes_while_every_year_is_running(
    catalogue: Catalogue, knowledge: Path
) -> None:
    earliest = min(year for procedure in catalogue for year in procedure.fact_years.values())
    day = f"{earliest}-01-01"
    result = CliRunner().invoke(
        app,
        ["council", "check", "--today", day, "--knowledge-dir", str(knowledge)],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "alicante: no fact past its year" in result.output


def test_council_check_refuses_an_unknown_council(knowledge: Path) -> None:
    result = CliRunner().invoke(
        app, ["council", "check", "--council", "atlantis", "--knowledge-dir", str(knowledge)]
    )
    assert result.exit_code == 2
    assert "No council atlantis" in result.output
