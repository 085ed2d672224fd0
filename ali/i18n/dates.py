"""Dates in words in the citizen's language ("martes 8 de diciembre", "dimarts 8 de desembre",
"Tuesday 8 December"), with Babel's CLDR month and weekday names.

The pattern is itself a translated text (context "date pattern"), so a language added by data
alone (a catalogue) chooses its own word order; the names come from the Babel locale of the
language's gettext locale (`va` -> `ca@valencia` -> Babel `ca` with the `valencia` modifier).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from ali.i18n.catalogues import catalogues
from ali.i18n.message import NP_

# A Babel date pattern (EEEE weekday, d day, MMMM month; quoted text is literal).
_PATTERN = NP_("date pattern", "EEEE d MMMM")
_ENGLISH = Locale("en")


def babel_locale(language: str) -> Locale:
    """The Babel locale of an API language code; English when Babel does not know it."""
    try:
        return Locale.parse(catalogues().locale(language), sep="_")
    except (UnknownLocaleError, ValueError):
        return _ENGLISH


def date_in_words(day: dt.date, language: str) -> str:
    """`day` as a citizen says it: weekday, day and month ("martes 8 de diciembre")."""
    # A language without a catalogue of its own keeps the source order, not the fallback's.
    pattern = _PATTERN[language] if catalogues().has(language) else _PATTERN.msgid
    return format_date(day, pattern, locale=babel_locale(language))


def iso_date_in_words(value: str, language: str) -> str:
    """An ISO date (`2026-12-08`) in words; any other text is returned as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return date_in_words(day, language)
