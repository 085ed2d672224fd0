"""Normalisation against the disguises of a prompt injection: letters spaced out
("i g n o r e"), or digits standing for letters ("1gn0r3"). The guard matches its patterns on
both the folded text and this normalised form, so one pattern list covers every disguise."""

from __future__ import annotations

import re

from ali.language.text import fold

# Digits read as the letters they resemble, only inside a word that also has letters
# ("1gn0r3"), so a plain number ("2024", "50") is left alone.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_MIXED = re.compile(r"\b(?=\w*[a-z])(?=\w*\d)\w+\b")
# Three or more single letters in a row, each alone between spaces: a spaced-out word. Word
# breaks are wider gaps (two spaces or more) in the original text.
_SPACED = re.compile(r"(?:\b[a-z] ){2,}[a-z]\b")


def _unleet(folded: str) -> str:
    return _MIXED.sub(lambda match: match.group(0).translate(_LEET), folded)


def _unspace(text: str) -> str:
    """Join spaced-out letters into words; runs of 2+ spaces in the raw text separate words."""
    lowered = text.lower()
    words = re.split(r"\s{2,}", lowered)
    joined = [_SPACED.sub(lambda m: m.group(0).replace(" ", ""), word) for word in words]
    return " ".join(joined)


def normalised(text: str) -> str:
    """The text with disguises undone, folded as the guard matches it."""
    return fold(_unleet(fold(_unspace(text))))
