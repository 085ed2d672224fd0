"""The council calendar: weekends, national and regional holidays (the `holidays` library) and
the local holidays of the profile are not working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from ali.catalogue import Catalogue, load_catalogue
from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.errors import CatalogueError
from tests.support.councils import ALICANTE


@pytest.fixture(scope="module")
def alicante(catalogue: Catalogue) -> WorkingDays:
    return WorkingDays(catalogue.profile.calendar)


@pytest.mark.parametrize(
    ("day", "es", "va"),
    [
        (dt.date(2026, 12, 8), "Inmaculada Concepción", "Immaculada Concepció"),
        (dt.date(2026, 12, 25), "Natividad del Señor", "Nativitat del Senyor"),
        (dt.date(2026, 4, 16), "Santa Faz", "Santa Faç"),
        (dt.date(2026, 6, 23), "Hogueras de San Juan", "Fogueres de Sant Joan"),
        # Regional (Comunitat Valenciana), not national: the subdivision counts.
        (dt.date(2026, 3, 19), "San José", "Sant Josep"),
        (dt.date(2026, 6, 24), "San Juan", "Sant Joan"),
    ],
)
def test_alicantes_holidays_are_not_working_days(
    alicante: WorkingDays, day: dt.date, es: str, va: str
) -> None:
    assert not alicante.is_working_day(day)
    assert alicante.holiday_name(day, "es") == es
    assert alicante.holiday_name(day, "va") == va


def test_holiday_names_in_english_come_from_the_library(alicante: WorkingDays) -> None:
    assert alicante.holiday_name(dt.date(2026, 12, 8), "en") == "Immaculate Conception"


def test_ordinary_days_and_weekends(alicante: WorkingDays) -> None:
    assert alicante.is_working_day(dt.date(2026, 12, 9))  # a Wednesday
    assert alicante.holiday_name(dt.date(2026, 12, 9), "es") is None
    assert not alicante.is_working_day(dt.date(2026, 12, 5))  # a Saturday
    assert alicante.holiday_name(dt.date(2026, 12, 5), "es") is None
    # Jueves Santo is a holiday elsewhere in Spain, not in the Comunitat Valenciana in 2026.
    assert alicante.is_working_day(dt.date(2026, 4, 2))


def test_next_working_day_skips_holidays_and_weekends(alicante: WorkingDays) -> None:
    assert alicante.next_working_day(dt.date(2026, 12, 8)) == dt.date(2026, 12, 9)
    # Friday 25 December -> Monday 28 December.
    assert alicante.next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
    # Tuesday 23 June (local) and Wednesday 24 June (regional) -> Thursday 25 June.
    assert alicante.next_working_day(dt.date(2026, 6, 22)) == dt.date(2026, 6, 25)


def test_a_council_without_a_subdivision_keeps_the_national_holidays_only() -> None:
    national = WorkingDays(CalendarProfile(country="ES"))
    assert not national.is_working_day(dt.date(2026, 12, 8))
    assert national.is_working_day(dt.date(2026, 3, 19))  # San José is regional


def test_a_profile_with_an_unknown_subdivision_fails_to_load(tmp_path: Path) -> None:
    folder = tmp_path / "alicante"
    (folder / "procedures").mkdir(parents=True)
    profile = yaml.safe_load((ALICANTE / "council.yaml").read_text())
    profile["calendar"]["subdivision"] = "XX"
    (folder / "council.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    with pytest.raises(CatalogueError, match=r"unknown subdivision 'XX' of ES .*known: AN, .*VC"):
        load_catalogue(folder)


def test_a_local_holiday_must_cite_its_source() -> None:
    with pytest.raises(ValueError, match="source"):
        CalendarProfile.model_validate(
            {"local_holidays": [{"date": "2026-04-16", "name": {"es": "Santa Faz"}}]}
        )
