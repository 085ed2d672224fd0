"""The checkable facts of a text: URLs, e-mails, phone numbers, amounts, percentages and dates
(issue 13). A model's answer may state a fact only when its normalised key is found among the
facts of the sources it was given, so "10,50 €" in a passage supports "10.50 euros" in the
answer, and "15 de marzo" supports "March 15".

What counts as a fact, and what does not:
- amounts carry a currency (€, EUR, euros, céntimos / cèntims / cents); percentages carry
  `%`, "por ciento" or "per cent". A bare number (a step "1.", an article "art. 27", "3 copies")
  is no fact: it names nothing a citizen could act on wrongly, and flagging it would mask
  most answers.
- a number's separators: the last of `,` and `.` when both are written is the decimal one; a
  single separator followed by exactly three digits is a thousands one ("1.234 €" = 1234,
  "0,619 %" = 0.619 because the whole part is 0); otherwise it is the decimal one.
- phone numbers are Spanish: nine digits from 6, 7, 8 or 9, in any grouping, with or
  without +34 / 0034, and the short public numbers (010, 012, 016, 060, 061, 062, 080, 085,
  088, 091, 092, 112) unless an article sign precedes them ("art. 112").
- dates (ali.guardrails.calendar) are days of months; a year from 1900 to 2099 standing
  alone is a date too ("2026"), but not the year of a reference number ("Ley 39/2015").
Extraction is the same for the answer and the sources, so an odd reading on both sides
still matches."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from ali.guardrails import calendar


class FactKind(StrEnum):
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    AMOUNT = "amount"
    PERCENTAGE = "percentage"
    DATE = "date"


@dataclass(frozen=True)
class Fact:
    """`text` as written; `key` normalised, the same for every way of writing one fact."""

    kind: FactKind
    text: str
    key: str


_TRAILING = ".,;:!?)]}»\"'’"
SCHEME_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»()\[\]{}]+", re.IGNORECASE)
_BARE_URL = re.compile(
    r"(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:es|com|org|net|eu|cat|gob|gov|info)\b"
    r"(?:/[^\s<>\"'«»()\[\]{}]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)34[\s.-]?)?[6789](?:[\s.-]?\d){8}(?!\d)")
_SHORT_PHONE = re.compile(
    r"(?<![\d.,/])(?:010|012|016|060|061|062|080|085|088|091|092|112)"
    r"(?![\d]|[.,/]\d|\s*(?:€|%|euros?\b|eur\b))",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"\b(?:art|arts|artículo|articulo|article|núm|num|n|nº|no)\.?\s*$", re.I)
_NUMBER = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*"
_AMOUNTS = (
    (re.compile(rf"(?:€|\bEUR)\s?(?P<n>{_NUMBER})", re.IGNORECASE), Decimal(1)),
    (re.compile(rf"(?<![\d.,])(?P<n>{_NUMBER})\s?(?:€|(?:euros?|eur)\b)", re.I), Decimal(1)),
    (
        re.compile(rf"(?<![\d.,])(?P<n>{_NUMBER})\s?(?:c[ée]ntimos?|c[èe]ntims?|cents?)\b", re.I),
        Decimal("0.01"),
    ),
)
_PERCENTAGE = re.compile(
    rf"(?<![\d.,])(?P<n>{_NUMBER})\s?(?:%|por\s+ciento\b|per\s+cent\b|percent\b)", re.I
)
_YEAR = re.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?!\d|[.,/]\d)")

Span = tuple[int, int, Fact]


def find_facts(text: str) -> list[Fact]:
    """The facts of `text` in the order they are written; a span is read once, by the first
    rule that claims it (a URL's digits are no phone). One span may hold several facts ("del 1
    al 15 de abril", "15/03/2026": a day and a year)."""
    spans: list[Span] = []
    for start, end, fact in _candidates(text):
        if all(
            ((start, end) == (taken_start, taken_end) and fact != taken)
            or end <= taken_start
            or taken_end <= start
            for taken_start, taken_end, taken in spans
        ):
            spans.append((start, end, fact))
    return [fact for _, _, fact in sorted(spans, key=lambda span: span[0])]


def unsupported_facts(text: str, sources: Sequence[str]) -> list[Fact]:
    """The facts of `text` whose key is among no source's facts of the same kind."""
    known = {(fact.kind, fact.key) for source in sources for fact in find_facts(source)}
    return [fact for fact in find_facts(text) if (fact.kind, fact.key) not in known]


def url_key(url: str) -> str:
    """A URL without its scheme or trailing slash, its host case-folded."""
    bare = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    host, slash, path = bare.partition("/")
    return (host.lower() + slash + path).rstrip("/")


def _candidates(text: str) -> Iterator[Span]:
    """Every reading of every rule, in the order rules take precedence."""
    for pattern in (SCHEME_URL, _EMAIL, _BARE_URL):
        kind = FactKind.EMAIL if pattern is _EMAIL else FactKind.URL
        for match in pattern.finditer(text):
            written = match.group().rstrip(_TRAILING)
            key = written.lower() if kind is FactKind.EMAIL else url_key(written)
            yield match.start(), match.start() + len(written), Fact(kind, written, key)
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        yield match.start(), match.end(), Fact(FactKind.PHONE, match.group(), digits[-9:])
    for match in _SHORT_PHONE.finditer(text):
        if not _ARTICLE.search(text[max(0, match.start() - 12) : match.start()]):
            yield match.start(), match.end(), Fact(FactKind.PHONE, match.group(), match.group())
    for pattern, unit in _AMOUNTS:
        for match in pattern.finditer(text):
            value = number(match["n"])
            if value is not None:
                key = f"{(value * unit).normalize():f} EUR"
                yield match.start(), match.end(), Fact(FactKind.AMOUNT, match.group(), key)
    for match in _PERCENTAGE.finditer(text):
        value = number(match["n"])
        if value is not None:
            fact = Fact(FactKind.PERCENTAGE, match.group(), f"{value.normalize():f} %")
            yield match.start(), match.end(), fact
    for start, end, keys, year in calendar.find_days(text):
        for key in keys:
            yield start, end, Fact(FactKind.DATE, text[start:end], key)
        if year is not None:
            yield start, end, Fact(FactKind.DATE, text[start:end], year)
    for match in _YEAR.finditer(text):
        yield match.start(), match.end(), Fact(FactKind.DATE, match.group(), match.group())


def number(written: str) -> Decimal | None:
    """The value of a number written in es, va or en style (see the module's notes)."""
    digits = re.sub(r"[\s\u00a0\u202f]", "", written)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        digits = digits.replace(thousands, "").replace(decimal, ".")
    else:
        separator = "," if "," in digits else "." if "." in digits else ""
        if separator:
            whole, _, tail = digits.partition(separator)
            if digits.count(separator) > 1 or (len(tail) == 3 and whole.strip("0")):
                digits = digits.replace(separator, "")
            else:
                digits = digits.replace(separator, ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None
