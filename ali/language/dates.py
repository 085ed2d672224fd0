"""Dates as citizens write them: "el martes que viene", "dijous", "mañana", "pasado mañana",
"15/12", "3 de enero", "next friday". Weekday and relative-day names come from every installed
language pack; other dates are parsed by dateparser in the languages the pack names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import dateparser

from ali.language.codes import Language
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold


@dataclass(frozen=True)
class _Dates:
    weekdays: dict[str, int]
    relative: dict[str, int]
    filler: re.Pattern[str]


@cache
def _dates(packs: LanguagePacks) -> _Dates:
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    filler: list[str] = []
    for lists in packs.word_lists():
        weekdays.update(lists.dates.weekdays)
        relative.update(lists.dates.relative)
        filler.extend(lists.dates.filler)
    return _Dates(weekdays, relative, re.compile(r"\b(?:" + "|".join(filler) + r")\b"))


def parse_date(text: str, language: Language, today: dt.date) -> dt.date | None:
    """The date meant, never in the past; None when the text names no date."""
    packs = installed()
    names = _dates(packs)
    folded = fold(text)
    if folded in names.relative:
        return today + dt.timedelta(days=names.relative[folded])
    core = " ".join(names.filler.sub(" ", folded).split())
    if core in names.relative:
        return today + dt.timedelta(days=names.relative[core])
    if core in names.weekdays:
        ahead = (names.weekdays[core] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    if core.isdigit() and 1 <= int(core) <= 31:
        return _day_of_month(int(core), today)
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
    }
    languages = packs.get(language).dateparser or None
    for candidate in (text, core):
        parsed = dateparser.parse(candidate, languages=languages, settings=settings)
        if parsed is not None:
            found = parsed.date()
            return found if found >= today else None
    return None


def _day_of_month(day: int, today: dt.date) -> dt.date | None:
    """ "el 15": this month's 15th, or next month's when it has passed."""
    year, month = today.year, today.month
    for _ in range(2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
