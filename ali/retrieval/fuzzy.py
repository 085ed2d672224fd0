"""Fuzzy matching of the question against every title and alias (rapidfuzz), typo tolerant."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from ali.catalogue.catalogue import Catalogue
from ali.language.lacking import lacked_starts
from ali.language.registry import installed
from ali.language.text import fold
from ali.retrieval.hits import Hit
from ali.retrieval.passages import names

_MAX_WINDOW = 5
# Names this short ("ibi", "ora", "tca") must match exactly: one typo makes another word. So must
# the words this short inside a longer name nearly: "la grua" is not "la ora", whatever the ratio
# of the two says, while "citas" is "cita".
_EXACT_BELOW = 5
_SHORT_WORD_RATIO = 75.0
# Below this ratio a name and a window of the question are different words: no match at all.
MATCH_FLOOR = 75.0
# A name said in words the question rejects ("not the volante"): nearly letter for letter.
_NAMED_RATIO = 90.0
# Prefixes that make a word its opposite: "empadronarme" is a few letters from "desempadronarme",
# and "register on the padron" from "unregister from the padron", yet each means the reverse. A
# name with such a word only matches a question with the bare word ("empadron...") fully, unless
# the question has the prefixed word itself. Words are compared by their first letters (_STEM).
_OPPOSITE_PREFIXES = ("des", "de", "un")
_STEM = 5


class FuzzyRetriever:
    """Compares each name with the question's word windows of the same length.

    Comparing windows, not the whole question, lets "quiero pagar la contribucion este mes" match
    the alias "contribucion" fully, while a short alias never matches inside a longer word. A
    name's short words (not stop words) must be nearly words of the question (a plural, a letter).
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self._names: list[str] = []
        self._owners: list[str] = []
        self._lengths: list[int] = []
        self._short_words: list[frozenset[str]] = []
        stop = {word for pack in installed() for word in fold(" ".join(pack.stopwords)).split()}
        seen: set[tuple[str, str]] = set()
        for procedure in catalogue:
            for name in names(procedure, catalogue.languages):
                folded = fold(name)
                if folded and (folded, procedure.id) not in seen:
                    seen.add((folded, procedure.id))
                    self._names.append(folded)
                    self._owners.append(procedure.id)
                    self._lengths.append(len(folded.split()))
                    self._short_words.append(
                        frozenset(
                            word
                            for word in folded.split()
                            if len(word) < _EXACT_BELOW and word not in stop
                        )
                    )
        # the names that do not themselves say something is lacked (most of them)
        self._topic_names = [
            position for position, name in enumerate(self._names) if not lacked_starts(name.split())
        ]
        # name position -> its opposite words' stems and prefixed forms ("empad", "desempad")
        self._opposites: dict[int, list[tuple[str, str]]] = {}
        for position, name in enumerate(self._names):
            for word in name.split():
                for prefix in _OPPOSITE_PREFIXES:
                    rest = word[len(prefix) :]
                    if word.startswith(prefix) and len(rest) >= _STEM:
                        pair = (rest[:_STEM], prefix + rest[:_STEM])
                        self._opposites.setdefault(position, []).append(pair)
                        break

    def run(self, question: str, top_k: int = 10, min_score: float = MATCH_FLOOR) -> list[Hit]:
        tokens = fold(question).split()
        if not tokens:
            return []
        # "sin certificado digital": a window covering what the citizen lacks matches only the
        # names that say so themselves ("log in without a certificate").
        lacked = lacked_starts(tokens)
        free: dict[str, bool] = {}
        for size in range(1, _MAX_WINDOW + 1):
            for start in range(0, max(1, len(tokens) - size + 1)):
                window = " ".join(tokens[start : start + size])
                covers = bool(lacked.intersection(range(start, start + size)))
                free[window] = free.get(window, False) or not covers
        choices = sorted(free)
        matrix = process.cdist(choices, self._names, scorer=fuzz.ratio, workers=1)
        if lacked:
            covering = [row for row, window in enumerate(choices) if not free[window]]
            matrix[np.ix_(covering, self._topic_names)] = 0
        stems = {token[:_STEM] for token in tokens if len(token) >= _STEM}
        prefixed = {
            token[: _STEM + len(prefix)] for token in tokens for prefix in _OPPOSITE_PREFIXES
        }
        for position, pairs in self._opposites.items():
            if any(stem in stems and whole not in prefixed for stem, whole in pairs):
                column = matrix[:, position]
                column[column < 100] = 0
        best_per_name = matrix.max(axis=0)
        scores: dict[str, float] = {}
        for position, score in enumerate(best_per_name):
            name = self._names[position]
            if len(name) < _EXACT_BELOW and score < 100:
                continue
            if not all(_present(word, tokens) for word in self._short_words[position]):
                continue
            owner = self._owners[position]
            # A long name matched in full says more than a single common word.
            weighted = float(score) * min(1.0, 0.9 + 0.05 * self._lengths[position])
            if weighted > scores.get(owner, 0.0):
                scores[owner] = weighted
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        return [Hit(owner, score) for owner, score in ranked[:top_k] if score >= min_score]

    def named_within(self, question: str, positions: frozenset[int]) -> frozenset[str]:
        """The procedures one of whose names the words of the question at `positions` (of its
        folded tokens) say, nearly letter for letter: "volante" in "el volante no le vale"."""
        windows = _windows_within(fold(question).split(), positions)
        if not windows:
            return frozenset()
        matrix = process.cdist(windows, self._names, scorer=fuzz.ratio, workers=1)
        best = matrix.max(axis=0)
        return frozenset(
            self._owners[position]
            for position, score in enumerate(best)
            if score >= (100 if len(self._names[position]) < _EXACT_BELOW else _NAMED_RATIO)
        )


def _windows_within(tokens: list[str], positions: frozenset[int]) -> list[str]:
    """The word windows (up to `_MAX_WINDOW` long) made only of tokens at `positions`."""
    found: set[str] = set()
    for start in sorted(positions):
        end = start
        while end in positions and end - start < _MAX_WINDOW:
            end += 1
            found.add(" ".join(tokens[start:end]))
    return sorted(found)


def _present(word: str, tokens: list[str]) -> bool:
    """Whether a question token is `word` or one letter or so from it ("citas" for "cita")."""
    found = process.extractOne(word, tokens, scorer=fuzz.ratio, score_cutoff=_SHORT_WORD_RATIO)
    return found is not None
