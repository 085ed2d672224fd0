"""Reading one answer for one slot: a choice by number or by words, a date, a number, a
phone, a free text. Invalid answers come back with the reason, for the re-ask."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import suppress
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from stdnum import iban

from ali.actions.forms import Slot, SlotKind, coordinates
from ali.catalogue.schema import Language
from ali.catalogue.working_days import WorkingDays
from ali.dialogue.option_words import match_by_words
from ali.i18n import N_, LocalText
from ali.i18n.dates import date_in_words
from ali.language.commands import number, ordinal
from ali.language.dates import parse_date
from ali.language.registry import installed
from ali.language.text import fold

_OR = N_("or")
_PHONE = re.compile(r"^(?:\+34|0034)?[6789]\d{8}$")
# Two numbers and nothing else: meant as coordinates, but not readable as such.
_COORDINATES_LIKE = re.compile(r"^\s*[-+]?[\d.,]+\s*[,;\s]\s*[-+]?[\d.,]+\s*$")


@dataclass(frozen=True)
class Parsed:
    value: str | None = None
    error: str | None = None  # a message key of ali.dialogue.texts
    # The error text's values ("{date} is a holiday ({holiday})...").
    params: dict[str, str] = field(default_factory=dict)
    # A better answer to offer instead (the next working day, as an ISO date).
    suggestion: str | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def parse_slot(
    slot: Slot,
    text: str,
    language: Language,
    today: dt.date,
    calendar: WorkingDays | None = None,
) -> Parsed:
    """The answer read for the slot; a date slot for working days only refuses the weekends
    and, given the council's calendar, its holidays, offering the next working day."""
    text = text.strip()
    if slot.kind is SlotKind.CHOICE:
        return _choice(slot, text, language)
    if slot.kind is SlotKind.DATE:
        return _date(slot, text, language, today, calendar)
    if slot.kind is SlotKind.NUMBER:
        return _number(slot, text)
    if slot.kind is SlotKind.IBAN:
        compact = iban.compact(text)
        if iban.is_valid(compact) and compact.startswith("ES"):
            return Parsed(compact)
        return Parsed(error="invalid_iban")
    if slot.kind is SlotKind.PHONE:
        compact = re.sub(r"[\s.\-()]", "", text)
        return Parsed(compact) if _PHONE.match(compact) else Parsed(error="invalid_phone")
    if slot.kind is SlotKind.LOCATION:
        return _location(slot, text)
    if len(text) < slot.min_length:
        return Parsed(error="text_too_short")
    if len(text) > slot.max_length:
        return Parsed(error="text_too_long")
    return Parsed(text)


def _location(slot: Slot, text: str) -> Parsed:
    point = coordinates(text)
    if point is None:
        if _COORDINATES_LIKE.match(text):
            return Parsed(error="invalid_location")
        if len(text) < slot.min_length:
            return Parsed(error="text_too_short")
        return Parsed(error="text_too_long") if len(text) > slot.max_length else Parsed(text)
    latitude, longitude = point
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return Parsed(error="invalid_location")
    return Parsed(f"{latitude:.6f}, {longitude:.6f}")


def _choice(slot: Slot, text: str, language: Language) -> Parsed:
    position = ordinal(text)
    if position is not None:
        if 1 <= position <= len(slot.options):
            return Parsed(slot.options[position - 1].value)
        return Parsed(error="invalid_choice")
    named = [
        (option.value, [option.value, *_every_language(option.label), *option.synonyms])
        for option in slot.options
    ]
    names = [fold(name) for _, option_names in named for name in option_names]
    owners = [value for value, option_names in named for _ in option_names]
    said = fold(text)
    if said in names:  # an option's name as it is ("padrón" beside "padrón histórico")
        return Parsed(owners[names.index(said)])
    by_words = match_by_words(text, named)
    if by_words.chosen is not None:
        return Parsed(by_words.chosen)
    whole = process.extract(said, names, scorer=fuzz.WRatio, score_cutoff=85, limit=None)
    if by_words.tied:
        return _tie(slot, by_words.tied, whole, owners, language)
    closest = {owners[index] for _, score, index in whole if score == whole[0][1]}
    if len(closest) != 1:  # nothing close, or as close to several ("la de Alicante")
        return Parsed(error="invalid_choice")
    return Parsed(closest.pop())


def _tie(
    slot: Slot,
    tied: tuple[str, ...],
    whole: list[tuple[str, float, int]],
    owners: list[str],
    language: Language,
) -> Parsed:
    """Several options fit the answer's words equally: the one the whole answer is clearly
    closest to, or the question again naming those options."""
    best: dict[str, float] = {}
    for _, score, index in whole:
        if owners[index] in tied:
            best[owners[index]] = max(score, best.get(owners[index], 0.0))
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return Parsed(ranked[0][0])
    labels = [option.label[language] for option in slot.options if option.value in tied]
    listed = f"{', '.join(labels[:-1])} {_OR[language]} {labels[-1]}"
    return Parsed(error="ambiguous_choice", params={"options": listed})


def _every_language(label: LocalText) -> list[str]:
    """An option's label in every installed language it is given in (a citizen may answer in
    another language than the question's)."""
    found: list[str] = []
    for code in installed().codes:
        with suppress(KeyError):
            found.append(label[code])
    return found


def _date(
    slot: Slot, text: str, language: Language, today: dt.date, calendar: WorkingDays | None
) -> Parsed:
    found = parse_date(text, language, today)
    if found is None:
        return Parsed(error="invalid_date")
    if slot.weekdays_only and calendar is not None and not calendar.is_working_day(found):
        return _closed_day(slot, found, language, today, calendar)
    if slot.weekdays_only and found.weekday() >= 5:
        return Parsed(error="weekend_date")
    if slot.max_days_ahead is not None and (found - today).days > slot.max_days_ahead:
        return Parsed(error="date_too_far")
    return Parsed(found.isoformat())


def _closed_day(
    slot: Slot, day: dt.date, language: Language, today: dt.date, calendar: WorkingDays
) -> Parsed:
    """A holiday or a weekend: said so, with the next working day offered (when it is still
    within reach)."""
    holiday = calendar.holiday_name(day, language)
    following = calendar.next_working_day(day)
    within = slot.max_days_ahead is None or (following - today).days <= slot.max_days_ahead
    params = {"date": date_in_words(day, language)}
    if holiday is not None:
        params["holiday"] = holiday
    if not within:
        return Parsed(error="holiday_date_no_next" if holiday else "weekend_date", params=params)
    params["next"] = date_in_words(following, language)
    return Parsed(
        error="holiday_date" if holiday else "weekend_date_next",
        params=params,
        suggestion=following.isoformat(),
    )


def _number(slot: Slot, text: str) -> Parsed:
    value = number(text)
    if value is None:
        return Parsed(error="invalid_number")
    if (slot.minimum is not None and value < slot.minimum) or (
        slot.maximum is not None and value > slot.maximum
    ):
        return Parsed(error="number_out_of_range")
    return Parsed(str(value))
