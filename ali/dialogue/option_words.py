"""Choosing an option by the words that tell it apart: "la de la calle portugal", "la oficina
de Labradores", "la del Séneca", "la de zona norte" name an office by its name, its street or
its district, spelled loosely (missing accents, a typo).

Each option is known by the words of its names (its value, its label in every language, its
synonyms); a word every option shares ("alicante") tells none apart and is dropped, as are the
stop words of every installed language. Each word of the answer is compared with each option's
words, forgiving a typo in longer words; the option most words point to is chosen, and when
several options are pointed to equally the answer is ambiguous between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from ali.language.registry import LanguagePacks, installed
from ali.language.text import words

# A word shorter than this must be written exactly ("sur", "oac"); longer ones may carry a typo.
_FUZZY_FROM = 5
_SIMILAR = 80.0
_SHORTEST = 3


@dataclass(frozen=True)
class WordMatch:
    """The option the words point to, or the options they point to equally (ambiguous)."""

    chosen: str | None = None
    tied: tuple[str, ...] = ()


@cache
def _stop_words(packs: LanguagePacks) -> frozenset[str]:
    """The stop words of every installed language (an answer may mix them)."""
    found: set[str] = set()
    for code in packs.codes:
        found.update(words(" ".join(packs.get(code).stopwords)))
    return frozenset(found)


def _telling(text: str) -> set[str]:
    """The words of a text that can tell options apart: no stop words, no numbers."""
    stop = _stop_words(installed())
    return {
        word
        for word in words(text)
        if len(word) >= _SHORTEST and not word.isdigit() and word not in stop
    }


def _alike(said: str, known: str) -> bool:
    if said == known:
        return True
    if min(len(said), len(known)) < _FUZZY_FROM:
        return False
    return fuzz.ratio(said, known) >= _SIMILAR


def match_by_words(text: str, options: Sequence[tuple[str, Iterable[str]]]) -> WordMatch:
    """The option (value, its names) whose distinctive words the answer uses most."""
    vocabulary: dict[str, set[str]] = {}
    for value, names in options:
        vocabulary.setdefault(value, set()).update(*(_telling(name) for name in names))
    if len(vocabulary) > 1:
        shared = set.intersection(*vocabulary.values())
        vocabulary = {value: known - shared for value, known in vocabulary.items()}
    scores = dict.fromkeys(vocabulary, 0)
    for said in _telling(text):
        for value, known in vocabulary.items():
            if any(_alike(said, word) for word in known):
                scores[value] += 1
    best = max(scores.values(), default=0)
    if best == 0:
        return WordMatch()
    leaders = tuple(value for value, score in scores.items() if score == best)
    return WordMatch(chosen=leaders[0]) if len(leaders) == 1 else WordMatch(tied=leaders)
