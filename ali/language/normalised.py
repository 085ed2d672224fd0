"""A view of a text for pattern matching, with a way back to the original's positions.

Personal data arrives in many spellings of the same characters: fullwidth digits and `＠`, a
no-break or thin space between digit groups, an en dash instead of a hyphen, a zero-width space
inside a number. `normalise()` folds them (NFKC, then every Unicode space to a space, every dash
to `-`, every decimal digit to ASCII, format characters dropped) so one set of ASCII patterns
finds them all, and `Normalised.original()` maps a match back onto the text as it was written,
so only the match is replaced and the rest of the text is left exactly as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CACHED_CHARACTERS = 20_000


def _fold_character(character: str) -> str:
    folded: list[str] = []
    for part in unicodedata.normalize("NFKC", character):
        category = unicodedata.category(part)
        if category == "Cf":
            continue
        if category in ("Zl", "Zp"):
            folded.append("\n")
        elif part.isspace() and part not in "\t\n":
            folded.append(" ")
        elif category == "Pd" or part == "\u2212":
            folded.append("-")
        elif category == "Nd":
            folded.append(str(unicodedata.decimal(part)))
        else:
            folded.append(part)
    return "".join(folded)


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()  # characters that fold to zero or several characters

    def __missing__(self, code: int) -> str:
        folded = _fold_character(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        if len(self) < _CACHED_CHARACTERS:
            self[code] = folded
        return folded


_TABLE = _FoldTable()


@dataclass(frozen=True)
class Normalised:
    text: str
    # Position in the original of each character of `text`; None when they are the same.
    _origins: tuple[int, ...] | None = None

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` (non-empty) came from."""
        if self._origins is None:
            return start, end
        return self._origins[start], self._origins[end - 1] + 1


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group(0).translate(_TABLE)


def normalise(text: str) -> Normalised:
    if text.isascii():
        return Normalised(text)
    folded = _NON_ASCII.sub(_fold_run, text)
    if _TABLE.uneven.isdisjoint("".join(_NON_ASCII.findall(text))):
        return Normalised(folded)
    origins: list[int] = []
    last = 0
    for run in _NON_ASCII.finditer(text):
        origins.extend(range(last, run.start()))
        for position in range(run.start(), run.end()):
            origins.extend([position] * len(_TABLE[ord(text[position])]))
        last = run.end()
    origins.extend(range(last, len(text)))
    return Normalised(folded, tuple(origins))
