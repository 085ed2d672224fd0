"""Removes personal data from text before it is stored or logged.

Replaced: Spanish DNI/NIE (by shape), IBANs (validated with python-stdnum), payment card numbers
(Luhn), phone numbers and e-mail addresses. What is replaced becomes a typed placeholder such as
`[DNI]`, so a transcript still reads naturally.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum import iban, luhn
from stdnum.es import dni, nie

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){3,7}(?:[ -]?[A-Z0-9]{1,4})?\b", re.I)
_DNI = re.compile(r"\b\d{8}[ -]?[A-Z]\b", re.I)
_NIE = re.compile(r"\b[XYZ][ -]?\d{7}[ -]?[A-Z]\b", re.I)
_CARD = re.compile(r"\b(?:\d[ -]?){13,19}\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?(?:34[ .-]?)?[6789](?:[ .-]?\d){8}\b")


def _compact(value: str) -> str:
    return re.sub(r"[ .-]", "", value).upper()


def _replace_if(
    pattern: re.Pattern[str], placeholder: str, valid: Callable[[str], bool] | None = None
) -> Callable[[str], str]:
    def apply(text: str) -> str:
        def substitute(match: re.Match[str]) -> str:
            if valid is None or valid(_compact(match.group(0))):
                return placeholder
            return match.group(0)

        return pattern.sub(substitute, text)

    return apply


_STEPS: list[Callable[[str], str]] = [
    _replace_if(_EMAIL, "[EMAIL]"),
    _replace_if(_IBAN, "[IBAN]", iban.is_valid),
    # A document-shaped token is personal data even with a wrong check letter (a typo is still
    # somebody's number), so DNI and NIE go by shape; IBANs and cards need their checksum, or
    # every long number (a receipt reference, a file number) would be lost.
    _replace_if(_NIE, "[NIE]"),
    _replace_if(_DNI, "[DNI]"),
    _replace_if(_CARD, "[CARD]", luhn.is_valid),
    _replace_if(_PHONE, "[PHONE]"),
]


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders."""
    for step in _STEPS:
        text = step(text)
    return text


def contains_personal_data(text: str) -> bool:
    return redact(text) != text


def is_valid_document(value: str) -> bool:
    """Whether a DNI or NIE is valid (check letter included)."""
    compact = _compact(value)
    return bool(dni.is_valid(compact) or nie.is_valid(compact))
