"""Typo-tolerant spelling of a small vocabulary. Someone in distress types fast and by ear:
"no rrespira", "se a desmallado", "insendio", "cardiaka". `Vocabulary.correct` replaces each word
that is close to one of the vocabulary's words by that word, so that exact patterns written for
the correct spelling also find the misspelt one.

Close means: the same sound once spelling that does not change it is set aside (a doubled letter,
"ll" or "y", "b" or "v", "c", "z" or "s", "k" or "qu", a silent "h"), or, for words of seven
letters or more, one letter added, dropped, changed or swapped with its neighbour after the first
two. Words shorter than five letters are never corrected, and real words that happen to be that
close to a vocabulary word ("subsidio" and "suicidio") are listed as `not_typos` and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

_MIN_LENGTH = 5
_ONE_EDIT_LENGTH = 7
_KEPT_PREFIX = 2  # letters an edit may not touch: "abogado" is not "ahogado"

_SILENT_H = re.compile(r"(?<![cspt])h")
_SOFT_C = re.compile(r"c(?=[ei])")
_REPEATED = re.compile(r"(.)\1+")


def sound(word: str) -> str:
    """A key that spellings of the same sound share (for folded, lower-case words)."""
    key = word.replace("ll", "y").replace("qu", "k").replace("ph", "f")
    key = _SILENT_H.sub("", key)
    key = _SOFT_C.sub("s", key).replace("c", "k").replace("z", "s").replace("v", "b")
    return _REPEATED.sub(r"\1", key)


class Vocabulary:
    def __init__(self, words: Iterable[str], *, not_typos: Iterable[str] = ()) -> None:
        self._words = frozenset(words)
        self._keep = self._words | frozenset(not_typos)
        self._by_sound: dict[str, str] = {}
        for word in sorted(self._words):
            self._by_sound.setdefault(sound(word), word)
        self._sounds = list(self._by_sound)
        self.correct_word = lru_cache(maxsize=4096)(self._correct_word)

    def correct(self, folded: str) -> str:
        """The folded text with each misspelt vocabulary word spelt right."""
        return " ".join(self.correct_word(word) for word in folded.split())

    def _correct_word(self, word: str) -> str:
        if len(word) < _MIN_LENGTH or word in self._keep or not word.isalpha():
            return word
        key = sound(word)
        exact = self._by_sound.get(key)
        if exact is not None:
            return exact
        if len(key) < _ONE_EDIT_LENGTH:
            return word
        prefix = key[:_KEPT_PREFIX]
        found = process.extractOne(
            key,
            [candidate for candidate in self._sounds if candidate.startswith(prefix)],
            scorer=OSA.distance,
            score_cutoff=1,
        )
        return self._by_sound[found[0]] if found is not None else word
