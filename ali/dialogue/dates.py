"""Dates as citizens write them in Spanish, Valencian and English: "el martes que viene",
"dijous", "mañana", "pasado mañana", "15/12", "3 de enero", "next friday"."""

from __future__ import annotations

import datetime as dt
import re

import dateparser

from ali.catalogue.schema import Language
from ali.retrieval.text import fold

_DATEPARSER_LANGUAGE = {"es": "es", "va": "ca", "en": "en"}

_WEEKDAYS: dict[str, int] = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "domingo": 6, "dilluns": 0, "dimarts": 1, "dimecres": 2, "dijous": 3, "divendres": 4,
    "dissabte": 5, "diumenge": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_RELATIVE: dict[str, int] = {
    "hoy": 0, "hui": 0, "avui": 0, "today": 0, "manana": 1, "dema": 1, "tomorrow": 1,
    "pasado manana": 2, "dema passat": 2, "despres de dema": 2, "the day after tomorrow": 2,
}  # fmt: skip
_FILLER = re.compile(
    r"\b(?:el|la|de|del|este|esta|aquest|aquesta|this|on|que viene|que ve|proximo|proxima|"
    r"vinent|proper|propera|next|coming|dia|day|por favor|please|si|vale)\b"
)


def parse_date(text: str, language: Language, today: dt.date) -> dt.date | None:
    """The date meant, never in the past; None when the text names no date."""
    folded = fold(text)
    if folded in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[folded])
    core = " ".join(_FILLER.sub(" ", folded).split())
    if core in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[core])
    if core in _WEEKDAYS:
        ahead = (_WEEKDAYS[core] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    if core.isdigit() and 1 <= int(core) <= 31:
        return _day_of_month(int(core), today)
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
    }
    languages = [_DATEPARSER_LANGUAGE[language], "es", "en"]
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
