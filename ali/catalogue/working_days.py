"""The council's working days: Monday to Friday, except the national and regional holidays of
its country and subdivision (from the `holidays` library, which has no municipal ones) and the
local holidays its profile lists. Appointments are offered and accepted on working days only."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ali.catalogue.localized import Localized
from ali.language.codes import Language
from ali.language.registry import installed

# A year of closed days is more than any council has: a search that finds none is a bad profile.
_LONGEST_CLOSURE = 366


class LocalHoliday(BaseModel):
    """A municipal holiday of one year, with where it was published."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    name: Localized
    source: str = Field(min_length=1, description="Where the holiday was published.")


class CalendarProfile(BaseModel):
    """`calendar:` in council.yaml: whose public holidays the council keeps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str = Field(default="ES", pattern=r"^[A-Z]{2}$")
    subdivision: str | None = Field(default=None, description="'VC': Comunitat Valenciana.")
    local_holidays: list[LocalHoliday] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_to_the_library(self) -> CalendarProfile:
        try:
            holidays.country_holidays(self.country, subdiv=self.subdivision)
        except NotImplementedError:
            if self.subdivision is None:
                raise ValueError(f"unknown country {self.country!r} for holidays") from None
            known = ", ".join(_subdivisions(self.country))
            raise ValueError(
                f"unknown subdivision {self.subdivision!r} of {self.country} for holidays "
                f"(known: {known})"
            ) from None
        return self


def _subdivisions(country: str) -> tuple[str, ...]:
    try:
        return tuple(holidays.list_supported_countries()[country])
    except KeyError:
        return ()


class WorkingDays:
    """is_working_day, holiday_name and next_working_day for one council."""

    def __init__(self, profile: CalendarProfile) -> None:
        self._profile = profile
        self._local = {holiday.date: holiday.name for holiday in profile.local_holidays}

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or day in self._local:
            return False
        profile = self._profile
        return day not in _calendar(profile.country, profile.subdivision, day.year, None)

    def holiday_name(self, day: dt.date, language: Language) -> str | None:
        """The holiday's name in `language` (the library's nearest language when it lacks it),
        or None on a day that is no holiday (a weekend is no holiday)."""
        local = self._local.get(day)
        if local is not None:
            return local.get(language)
        return _public(self._profile.country, self._profile.subdivision, day, language)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day after `day`."""
        candidate = day
        for _ in range(_LONGEST_CLOSURE):
            candidate += dt.timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("the council calendar has no working day within a year")


@cache
def _public(country: str, subdivision: str | None, day: dt.date, language: Language) -> str | None:
    found = _calendar(country, subdivision, day.year, _library_language(country, language))
    name = found.get(day)
    return None if name is None else str(name)


@cache
def _calendar(
    country: str, subdivision: str | None, year: int, language: str | None
) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)


@cache
def _library_language(country: str, language: Language) -> str | None:
    """The library's language for an ALI language: 'va' (gettext 'ca@valencia') is 'ca', 'en'
    is 'en_US'; None (the country's own language) when the library has none that fits."""
    wanted = installed().get(language).gettext_locale.split("@")[0].split("_")[0]
    try:
        supported = holidays.country_holidays(country).supported_languages
    except NotImplementedError:
        return None
    return next((code for code in supported if code.split("_")[0] == wanted), None)
