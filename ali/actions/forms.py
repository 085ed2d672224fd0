"""The inputs an action needs, declared as a typed form that the dialogue fills one slot at a
time. Connectors declare their forms; the dialogue engine asks, validates and confirms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ali.i18n import LocalText, Verbatim

# A text shown in the citizen's language: a marked `N_(...)` message, or `Verbatim`.
Texts = LocalText

# Decimal degrees with a point, "lat, long" (a comma or a semicolon between them).
_COORDINATES = re.compile(r"^\s*([-+]?\d{1,3}\.\d+)\s*[,;]\s*([-+]?\d{1,3}\.\d+)\s*$")


class SlotKind(StrEnum):
    CHOICE = "choice"
    DATE = "date"
    TEXT = "text"
    NUMBER = "number"
    PHONE = "phone"
    IBAN = "iban"
    # Files uploaded beside the chat (see the attachments API); the citizen says when done.
    ATTACHMENTS = "attachments"
    # Where something is: an address or landmark, or coordinates ("38.3452, -0.4810") that a
    # client with geolocation can fill in.
    LOCATION = "location"


@dataclass(frozen=True)
class Option:
    value: str
    label: Texts
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    name: str
    kind: SlotKind
    prompt: Texts
    label: Texts
    options: tuple[Option, ...] = ()
    # An optional slot is still asked; the citizen may answer that there is nothing (an
    # attachments slot accepts "none").
    required: bool = True
    min_length: int = 1
    max_length: int = 1000
    minimum: int | None = None
    maximum: int | None = None
    max_days_ahead: int | None = None
    weekdays_only: bool = False
    # A choice whose options the action supplies when the slot is reached (free times on the
    # chosen day, offices for the chosen service...); `options` is then empty in the spec.
    dynamic: bool = False
    # A personal value (a phone number) is never written to the conversation's stored state:
    # it is kept in memory until the action runs, and asked again after a restart.
    personal: bool = False
    max_files: int = 5
    # The file types an attachments slot takes (empty: every accepted type; see
    # ali.attachments.inspection.ACCEPTED_TYPES).
    media_types: tuple[str, ...] = ()

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class FormSpec:
    action: str
    title: Texts
    slots: tuple[Slot, ...] = field(default_factory=tuple)
    # Actions without side effects (looking something up) run as soon as the form is complete;
    # everything else waits for an explicit confirmation.
    needs_confirmation: bool = True

    def slot(self, name: str) -> Slot:
        return next(slot for slot in self.slots if slot.name == name)


def same_in_all_languages(text: str) -> Texts:
    """A label that reads the same in every language (an office name, a time, a code)."""
    return Verbatim(text)


def coordinates(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a location slot's value "38.3452, -0.4810" (decimal degrees, as
    a phone's location is shared), or None for an address."""
    match = _COORDINATES.match(text)
    if match is None:
        return None
    return float(match.group(1)), float(match.group(2))
