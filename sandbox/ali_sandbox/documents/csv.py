"""Código Seguro de Verificación (art. 42 Ley 40/2015, art. 21 RD 203/2021).

A CSV is printed on every document the council issues so that anyone can check it on the sede.
It must be unguessable (it is the only key to the document) and easy to read aloud and type:

    ALI-7KQ3-MZ9D-XW4P-HT2N-E6RC

Twenty characters from an alphabet of 31 without look-alikes (no 0/O, 1/I/L): nineteen come
from `secrets` (about 94 bits), the last is a check character, so a typo is caught before any
look-up. `normalise_csv` accepts what a person types (any case, spaces, dots, missing dashes,
with or without the prefix) and returns the canonical form, or None.
"""

from __future__ import annotations

import secrets
import unicodedata

PREFIX = "ALI"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 5
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE

# A prime-sized alphabet and distinct non-zero weights make the weighted sum catch every single
# wrong character and every swap of two characters.
assert len(ALPHABET) == 31
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_SEPARATORS = frozenset(" -_.\t")


def new_csv() -> str:
    """A fresh, random CSV in canonical form (`ALI-XXXX-XXXX-XXXX-XXXX-XXXX`)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return _format(body + _check_character(body))


def normalise_csv(text: str) -> str | None:
    """The canonical form of a typed CSV, or None if `text` cannot be one."""
    compact = unicodedata.normalize("NFKC", text).strip().upper()
    if any(not char.isalnum() and char not in _SEPARATORS for char in compact):
        return None
    compact = "".join(char for char in compact if char.isalnum())
    if len(compact) == LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != LENGTH or any(char not in _VALUES for char in compact):
        return None
    body, check = compact[:-1], compact[-1]
    if _check_character(body) != check:
        return None
    return _format(compact)


def is_csv(text: str) -> bool:
    """True if `text` is already a CSV in canonical form."""
    return normalise_csv(text) == text


def _check_character(body: str) -> str:
    total = sum((position + 2) * _VALUES[char] for position, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def _format(code: str) -> str:
    groups = [code[start : start + GROUP_SIZE] for start in range(0, LENGTH, GROUP_SIZE)]
    return "-".join([PREFIX, *groups])
