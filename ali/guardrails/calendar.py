"""Dates as the catalogue and a model write them, in es, va and en: "15 de marzo",
"15 de març", "March 15", "15th March", "15/03/2026", "2026-03-15", day lists and ranges
("del 1 al 15 de marzo"). Each day of a month becomes a key `MM-DD`; a year written with it is
left in the text for the year rule (facts.py), so "15 March 2026" and "15 de marzo" share the
day's key and only the year can be unsupported."""

from __future__ import annotations

import re
from collections.abc import Iterator

MONTHS: dict[str, int] = {
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    # va
    "gener": 1, "febrer": 2, "març": 3, "marc": 3, "maig": 5, "juny": 6, "juliol": 7,
    "agost": 8, "setembre": 9, "novembre": 11, "desembre": 12,
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|º|ª)?"
# Words that join days in a list or range: "1, 2 y 3", "del 1 al 15", "1 i 2", "1 to 15".
_JOIN = r"\s*(?:,|-|–|y|i|e|al|a|and|to|or|o)\s*"

# "15 de marzo", "1 y 15 de marzo", "del 1 al 15 de marzo", "15 d'abril", "15th March".
_DAYS_MONTH = re.compile(
    rf"(?<![\d.,/])(?P<days>{_DAY}(?:{_JOIN}{_DAY})*)\s*(?:of\s+|de\s+|d['’]\s*)?"
    rf"(?P<month>{_MONTH})",
    re.IGNORECASE,
)
# "March 15", "March 15th", "March 1-15".
_MONTH_DAYS = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<days>{_DAY}(?:{_JOIN}{_DAY})*)(?![\d.,/:]\d)",
    re.IGNORECASE,
)
# "15/03/2026", "15-03-26", "15.03.2026" (day first, as in Spain), "15/03"; "2026-03-15".
_NUMERIC = re.compile(
    r"(?<![\d.,/])(?P<day>3[01]|[12]\d|0?[1-9])(?P<sep>[/.-])(?P<month>1[0-2]|0?[1-9])"
    r"(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\d/]|[.,-]\d)"
)
_ISO = re.compile(
    r"(?<![\d.,/])(?P<year>\d{4})-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12]\d|0[1-9])\b"
)
_DAY_NUMBER = re.compile(r"\d{1,2}")


def key(month: int, day: int) -> str:
    """The key of a day of a month, whatever the language it was written in."""
    return f"{month:02d}-{day:02d}"


def find_days(text: str) -> Iterator[tuple[int, int, list[str], str | None]]:
    """(start, end, keys, year) for each date written in `text`; `year` only for numeric dates,
    whose year is part of the same token."""
    for pattern in (_ISO, _NUMERIC):
        for match in pattern.finditer(text):
            if pattern is _NUMERIC and match["sep"] == "." and match["year"] is None:
                continue  # "1.5" is a number, not the 1st of May
            year = match["year"]
            if year is not None and len(year) == 2:
                year = "20" + year
            yield match.start(), match.end(), [key(int(match["month"]), int(match["day"]))], year
    for pattern in (_DAYS_MONTH, _MONTH_DAYS):
        for match in pattern.finditer(text):
            month = MONTHS[match["month"].lower().rstrip(".")]
            days = [int(day) for day in _DAY_NUMBER.findall(match["days"])]
            yield match.start(), match.end(), [key(month, day) for day in days], None
