"""Removes personal data from text before it is stored or logged.

Replaced: Spanish DNI/NIE (by shape), IBANs (validated with python-stdnum), payment card numbers
(Luhn, with an expiry date and CVV that follow them), phone numbers and e-mail addresses. What is
replaced becomes a typed placeholder such as `[DNI]`, so a transcript still reads naturally.

Matching runs on a normalised view of the text (see `ali.language.normalised`): fullwidth digits,
Unicode spaces and dashes, zero-width characters and the like do not hide a number. Only the
matched spans are replaced; the rest of the text is returned as written, except for control
characters and lone surrogates, which no store accepts (see `ali.safety.storable`).

Phones: any nine-digit Spanish number starting with 6, 7, 8 or 9 and any international number
written with `+` or `00` is replaced, whoever's it is: a public council number quoted in a stored
assistant reply (965 14 91 00, 966 900 886) becomes `[PHONE]` too, which is harmless, while
trying to tell a citizen's number from a public one would risk letting the citizen's through.
Two kinds of number are kept because they cannot be a person's: the short service numbers
(010, 060, 112) and the non-geographic 80x/90x numbers (900 153 862), which are issued only to
organisations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from stdnum import iban, luhn, numdb
from stdnum.es import dni, nie

from ali.language.normalised import normalise
from ali.safety.storable import storable

Span = tuple[int, int]

# What people put between digit groups: a few spaces, dots, slashes or dashes (Unicode spaces
# and dashes are already folded to ' ' and '-'). Plain character classes, not alternatives: in
# a repeated group, `re` tries those far faster.
_GAP = r"[ \t./-]{0,4}"
_PHONE_SEP = r"[ \t./()-]{1,4}"
_PHONE_GAP = r"[ \t./()-]{0,4}"
_LETTER_GAP = r"[ \t.-]{0,4}"
# "The character before the one just matched is not a letter or digit". Patterns start with a
# character class and check this after it, not before: Python's `re` then skips quickly to the
# places where that class matches instead of trying the whole pattern at every position.
_FIRST = r"(?<![^\W_][\s\S])"
_FIRST_NUMBER = r"(?<![\w+][\s\S])"
_NOT_BEFORE_ALNUM = r"(?![^\W_])"

# An at sign: '@', "(at)", "[arroba]", or " at " as a word of its own.
_AT = re.compile(
    r"@|[(\[{][ \t]*(?:at|arroba)[ \t]*[)\]}]|a(?<=[ \t]a)(?:t|rroba)(?=[ \t])", re.IGNORECASE
)
_LOCAL_PART = re.compile(r"[\w.+-]++[ \t]{0,3}\Z")  # searched for just before an at sign
# "(dot)" and "[punto]" are obfuscations; a bare " dot " or " punto " is too often just a word.
_DOT = r"(?:\.|[ \t]*[(\[{][ \t]*(?:dot|punto|punt)[ \t]*[)\]}][ \t]*)"
_DOMAIN = re.compile(rf"[ \t]{{0,3}}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}", re.IGNORECASE)
# Candidates only, found from their check digits (a scan from every letter would be slow): an
# IBAN's length depends on its country, so a candidate may run on into the next word ("... 1332
# para pagar") and is cut to that length before its checksum is checked.
_IBAN = re.compile(
    r"[0-9](?:(?<=[A-Za-z]{2}[0-9])(?<![^\W_][A-Za-z]{2}[0-9])"
    r"|(?<=[A-Za-z]{2} [0-9])(?<![^\W_][A-Za-z]{2} [0-9]))"
    rf"[0-9](?:{_GAP}[A-Za-z0-9]){{11,30}}"
)
# Digit groups of a card number (13 digits at least); a group followed by '/' is an expiry
# month, not the number.
_CARD = re.compile(
    rf"[2-6]{_FIRST_NUMBER}(?=(?:[ \t.-]{{0,5}}[0-9]){{12}})[0-9]*"
    r"(?:[ \t.-]{1,4}[0-9]+(?![0-9]*/)){0,9}"
)
_TAIL_SEP = r"[ \t,;-]{1,4}"
_EXPIRY_DATE = (
    rf"{_TAIL_SEP}(?:(?:exp|cad|venc|val)[^\W\d]*\.?[ \t:]{{0,2}})?"
    r"(?:0?[1-9]|1[0-2])[ \t]?[/-][ \t]?(?:20)?[0-9]{2}(?![0-9])"
)
_EXPIRY = re.compile(_EXPIRY_DATE, re.IGNORECASE)
_CARD_TAIL = re.compile(
    rf"(?:{_EXPIRY_DATE})?"
    rf"(?:{_TAIL_SEP}(?:(?:cvv|cvc|cid|csc|cvn)2?\.?[ \t:]{{0,2}})?[0-9]{{3,4}}(?![0-9]))?",
    re.IGNORECASE,
)
_NIE = re.compile(
    rf"[XYZxyz]{_FIRST}{_LETTER_GAP}[0-9](?:[ .]?[0-9]){{6}}{_LETTER_GAP}"
    rf"[A-Za-z]{_NOT_BEFORE_ALNUM}"
)
_DNI = re.compile(
    rf"[0-9]{_FIRST}[0-9][ .]?[0-9]{{3}}[ .]?[0-9]{{3}}{_LETTER_GAP}[A-Za-z]{_NOT_BEFORE_ALNUM}"
)
# "612.345.678 €" is money, not a phone.
_AMOUNT = r"(?:,[0-9]{1,2})?[ \t]?(?:€|eur\b|euros?\b)"
_AMOUNT_AFTER = re.compile(_AMOUNT, re.IGNORECASE)
# `+` or `00` and a country code; a `00` right after digits is part of the number before it.
_INTERNATIONAL_PHONE = re.compile(
    r"(?P<intl>\+(?<![\w+]\+)|00(?<![\w+]00)(?<![0-9][ \t./-]00)(?<![0-9][ \t./-]{2}00)"
    r"(?<![0-9][ \t./-]{3}00)(?<![0-9][ \t./-]{4}00))[ \t]?[1-9][0-9]{0,14}"
    rf"(?:{_PHONE_SEP}[0-9]{{1,15}}){{0,15}}"
)
# Nine digits, "34" before them or not, the first group two digits at least ("9 10 11 12" is a
# list of numbers). 80x and 90x numbers are left alone: they are organisations' (see above).
_NATIONAL_PHONE = re.compile(
    rf"[3-9]{_FIRST_NUMBER}(?:(?<=3)4{_PHONE_GAP}(?:[67][0-9]|[89][1-9])|(?<=[67])[0-9]"
    rf"|(?<=[89])[1-9])(?:{_PHONE_GAP}[0-9]){{7}}(?![0-9])(?!{_AMOUNT})",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9]+")


def _compact(value: str) -> str:
    return re.sub(r"[\W_]", "", value).upper()


@lru_cache(maxsize=256)
def _iban_format(country: str) -> tuple[int, re.Pattern[str]] | None:
    """The length of an IBAN of `country` and the shape of its account part, from
    python-stdnum's registry (so a candidate of the wrong shape costs no checksum)."""
    structure = numdb.get("iban").info(country)[0][1].get("bban")
    if not structure:
        return None
    fields = re.findall(r"(\d+)!([nac])", structure)
    classes = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    shape = "".join(f"{classes[kind]}{{{count}}}" for count, kind in fields)
    return 4 + sum(int(count) for count, _ in fields), re.compile(shape)


def _iban_end(text: str, start: int, candidate: str) -> int | None:
    found = _iban_format(candidate[:2].upper())
    if found is None:
        return None
    length, shape = found
    written = _characters(length).match(candidate)  # the IBAN's characters and what is between
    if written is None:
        return None
    value = _compact(written.group(0))
    if shape.fullmatch(value, 4) and iban.is_valid(value, check_country=False):
        return start + written.end()
    return None


@lru_cache(maxsize=64)
def _characters(count: int) -> re.Pattern[str]:
    return re.compile(rf"(?:[^A-Za-z0-9]*[A-Za-z0-9]){{{count}}}")


def _ibans(text: str) -> Iterator[Span]:
    position = 0
    while match := _IBAN.search(text, position):
        start = match.start() - (3 if text[match.start() - 1] == " " else 2)
        end = _iban_end(text, start, text[start : match.end()])
        if end is None:
            position = match.start() + 1
            continue
        yield start, end
        position = end


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_lengths(digits: str) -> set[int]:
    """The lengths (13 to 19) of the beginnings of `digits` that pass the Luhn check, in one
    pass: a quick sieve, each length confirmed by python-stdnum."""
    sums = [0, 0]  # sums[p]: the digits at positions of parity p doubled, the others not
    lengths = set()
    for index, digit in enumerate(map(int, digits[:19])):
        sums[index % 2] += _DOUBLED[digit]
        sums[1 - index % 2] += digit
        length = index + 1  # a number's last digit is never doubled, so parity `length % 2` is
        if length >= 13 and sums[length % 2] % 10 == 0 and luhn.is_valid(digits[:length]):
            lengths.add(length)
    return lengths


def _card_end(match: re.Match[str]) -> int | None:
    """Where the card number in a candidate ends: the longest Luhn-valid run of its groups, or a
    shorter one that an expiry date follows (the date's digits are not the number's)."""
    groups = list(_DIGITS.finditer(match.string, match.start(), match.end()))
    valid = _luhn_lengths("".join(group.group(0) for group in groups))
    end, length = None, 0
    for group in groups:
        length += len(group.group(0))
        if length > 19:
            break
        if length in valid:
            end = group.end()
            if _EXPIRY.match(match.string, end):
                break
    return end


def _cards(text: str) -> Iterator[Span]:
    position = 0
    while match := _CARD.search(text, position):
        end = _card_end(match)
        if end is None:
            position = match.start() + 1
            continue
        tail = _CARD_TAIL.match(text, end)
        end = tail.end() if tail else end
        yield match.start(), end
        position = end


def _is_personal_spanish_number(national: str) -> bool:
    return national[0] in "6789" and not (national[0] in "89" and national[1] == "0")


def _spanish_number(groups: list[re.Match[str]]) -> tuple[int, str] | None:
    """Where a Spanish number after "34" ends, and its nine digits."""
    digits = ""
    for group in groups:
        digits += group.group(0)
        if len(digits) == 11:
            return group.end(), digits[2:]
        if len(digits) > 11:
            break
    return None


def _international_end(match: re.Match[str]) -> int | None:
    """Where a number in international form ends: 8 to 15 digits, the country code included."""
    groups = list(_DIGITS.finditer(match.string, match.end("intl"), match.end()))
    if match.string.startswith("34", groups[0].start()):
        spanish = _spanish_number(groups)
        if spanish is not None:
            return spanish[0] if _is_personal_spanish_number(spanish[1]) else None
    if match.group("intl") == "00" and len(groups) == 1:
        return None  # "0012345678" is more likely a reference than a foreign phone
    digits, end = 0, None
    for group in groups:
        digits += len(group.group(0))
        if digits > 15:
            break
        if digits >= 8:
            end = group.end()
    return end


def _international_phones(text: str) -> Iterator[Span]:
    """Phones written with `+` or `00` (looked for before card numbers, whose digits a long
    foreign number could otherwise lend)."""
    position = 0
    while match := _INTERNATIONAL_PHONE.search(text, position):
        end = _international_end(match)
        if end is None or _AMOUNT_AFTER.match(text, end):
            position = match.start() + 1
            continue
        start = match.start()
        if start and text[start - 1] == "(" and ")" in text[start:end]:
            start -= 1  # "(+34) 612 345 678"
        yield start, end
        position = end


def _emails(text: str) -> Iterator[Span]:
    """Addresses, found from their at sign outwards (a scan from every word would be slow)."""
    position = floor = 0
    while at := _AT.search(text, position):
        position = at.end()
        domain = _DOMAIN.match(text, at.end())
        if domain is None:
            continue
        local = _LOCAL_PART.search(text, max(at.start() - 64, floor), at.start())
        if local is None:
            continue
        yield local.start(), domain.end()
        position = floor = domain.end()


def _matches(pattern: re.Pattern[str]) -> Callable[[str], Iterator[Span]]:
    def find(text: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            yield match.span()

    return find


@dataclass(frozen=True)
class _Kind:
    placeholder: str
    find: Callable[[str], Iterator[Span]]


# In this order: an e-mail address can hold digits; an IBAN holds groups ("0075") that look like
# the start of a foreign number; a foreign number written with `+` could lend its digits to a
# card number; IBANs and card numbers hold groups a national phone pattern would take.
# A document-shaped token is personal data even with a wrong check letter (a typo is still
# somebody's number), so DNI and NIE go by shape; IBANs and cards need their checksum, or every
# long number (a receipt reference, a file number) would be lost.
_KINDS = (
    _Kind("[EMAIL]", _emails),
    _Kind("[IBAN]", _ibans),
    _Kind("[PHONE]", _international_phones),
    _Kind("[CARD]", _cards),
    _Kind("[NIE]", _matches(_NIE)),
    _Kind("[DNI]", _matches(_DNI)),
    _Kind("[PHONE]", _matches(_NATIONAL_PHONE)),
)
_MASK = "\x00"  # never in the text: `storable()` removed every NUL before matching


def _find(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for kind in _KINDS:
        spans = list(kind.find(text))
        if not spans:
            continue
        found.extend((start, end, kind.placeholder) for start, end in spans)
        pieces, last = [], 0
        for start, end in spans:
            pieces += [text[last:start], _MASK * (end - start)]
            last = end
        text = "".join([*pieces, text[last:]])
    return sorted(found)


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders (and made storable)."""
    text = storable(text)
    view = normalise(text)
    found = _find(view.text)
    if not found:
        return text
    pieces, last = [], 0
    for start, end, placeholder in found:
        original_start, original_end = view.original(start, end)
        pieces += [text[last:original_start], placeholder]
        last = original_end
    return "".join([*pieces, text[last:]])


def contains_personal_data(text: str) -> bool:
    return bool(_find(normalise(storable(text)).text))


def is_valid_document(value: str) -> bool:
    """Whether a DNI or NIE is valid (check letter included)."""
    compact = _compact(normalise(value).text)
    return bool(dni.is_valid(compact) or nie.is_valid(compact))
