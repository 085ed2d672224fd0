"""A reply's first sentence, as a citizen reads it, and whether it states a fact.

The answers suite asks that the first sentence answer what was asked (the fee, the deadline, the
office...). Markdown is removed first (bold, headings, list markers, links), then the text is cut
at the first ". ", "? ", "! " or line break. A period inside a figure ("1,5", "69.85") or a URL is
followed by no space and cuts nothing; a period after a usual abbreviation ("C.", "Avda.", "art.",
"p. ej.") or a single letter (an initial) does not end the sentence either. "C/ Labradores" has no
period at all. "14 h. Los viernes" is cut after "h.": a lower-case single letter is no initial.

A fact is stated when one of its accepted strings appears in the sentence as whole words, with
case, accents, typographic apostrophes and the Catalan middle dot ("l·l") ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Lower-case abbreviations, without their final period, after which ". " goes on.
ABBREVIATIONS = frozenset(
    {
        "av",
        "avda",
        "pza",
        "pl",
        "ctra",
        "núm",
        "nº",
        "art",
        "arts",
        "tel",
        "tlf",
        "telf",
        "aprox",
        "approx",
        "sr",
        "sra",
        "dr",
        "dra",
        "st",
        "p",
        "ej",
        "ex",
        "vs",
        "e.g",
        "i.e",
        "p.ej",
    }
)

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")  # [text](url) -> text (url)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_END = re.compile(r"[.?!](?=\s)|\n")
_LAST_WORD = re.compile(r"(\S+)$")


def plain(markdown: str) -> str:
    """The text without its Markdown: what the widget shows, minus the styling."""
    text = _LINK.sub(r"\1 (\2)", markdown.replace("\r\n", "\n"))
    text = _HEADING.sub("", text)
    text = _QUOTE.sub("", text)
    text = _LIST_MARKER.sub("", text)
    return _EMPHASIS.sub("", text)


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at `period` closes an abbreviation or an initial, not a sentence."""
    match = _LAST_WORD.search(text[:period])
    if match is None:
        return False
    word = match.group(1).lstrip("([¿¡\"'«")
    if len(word) == 1 and word.isupper():  # an initial ("C. Labradores"), not "14 h."
        return True
    return word.lower() in ABBREVIATIONS


def sentences(markdown: str) -> list[str]:
    """The reply's sentences, in order, without Markdown and without empty ones."""
    text = plain(markdown)
    found: list[str] = []
    start = 0
    for end in _END.finditer(text):
        position = end.start()
        if end.group() == "." and _is_abbreviation(text, position):
            continue
        piece = text[start : position + (0 if end.group() == "\n" else 1)].strip()
        if piece:
            found.append(" ".join(piece.split()))
        start = end.end()
    rest = text[start:].strip()
    if rest:
        found.append(" ".join(rest.split()))
    return found


def first_sentence(markdown: str) -> str:
    """The first sentence a citizen reads; empty for an empty reply."""
    found = sentences(markdown)
    return found[0] if found else ""


def fold(text: str) -> str:
    """Lower case, without accents, with one kind of apostrophe and no Catalan middle dot."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("·", ""))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def stated(sentence: str, facts: Iterable[str]) -> str | None:
    """The first accepted fact the sentence states (as whole words), or None."""
    folded = fold(sentence)
    for fact in facts:
        wanted = fold(fact)
        if wanted and re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded):
            return fact
    return None
