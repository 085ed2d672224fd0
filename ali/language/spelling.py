"""Spelling as citizens write it: by ear, in shorthand, without accents.

"kiero paga un resibo d la contrivucion" means "quiero pagar un recibo de la contribucion". A
`Speller` rewrites each word of a question that is not a known word into the closest word of a
vocabulary (the words of the council's catalogue, given by the retriever), so that a search on
the corrected text finds what the standard spelling finds; the retriever searches both.

Each folded word, in turn:
- a pack's `spelling.shorthand` ("pa", "d", "q", "xq") becomes the word it stands for;
- a known word is left alone: a vocabulary word, a word of an installed pack (stop words,
  markers) or one of its language's common words (`spelling.lexicon`), so "vaca" never becomes
  "baca", nor "vaya" "valla", whatever the catalogue holds;
- a word that sounds like a vocabulary word becomes that word: both have the same key once the
  packs' `spelling.sounds` rewrites are applied (k/qu/c, s/z/c, b/v, a silent h, ll/y, doubled
  letters), the word most frequent in the catalogue when several share it;
- a longer word becomes the vocabulary word whose key is one edit from its key (two from ten
  letters on; two neighbouring letters swapped are one edit, "voalnte"), the first letter kept
  ("enpadronamiento"), unless it is a word of its own: one the
  lexicons know, however rarely (`_RARE_ZIPF`), is what the citizen wrote and meant ("retiree" is
  no misspelt "require", nor "exención" an "extension"); only a sound-alike rewrite reaches past
  those, since "sita" is a rare word but, in a council's assistant, the "cita" misspelt;
- anything else (numbers, names, short words) is left as written.

Why these tools. Whether a word is a real word is what a catalogue's few thousand words cannot
tell: wordfreq's lists of common words (Spanish, Catalan, English, from many corpora; its data
is frozen since 2024, which suits a list of common words) answer it. Phonetic keys are pack data,
because which letters sound alike is the language's: no maintained library gives Spanish or
Valencian keys (the Spanish Metaphone ports are unmaintained, Soundex-style codes are made for
English names). Near keys are found by rapidfuzz, already in the stack: over a vocabulary this
small a bounded edit-distance scan of one first-letter bucket takes microseconds, so SymSpell's
precomputed deletes (symspellpy) would add a dependency and its memory for no gain. Every result
is cached per word: the kiosk's two cores pay for a word once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold

_MIN_SOUND_LENGTH = 3  # shorter words are corrected only when they are shorthand
_MIN_EDIT_LENGTH = 5
_TWO_EDITS_LENGTH = 10
# Common enough to be a word the citizen meant: about three in a million words ("sita", one in a
# million, is "cita" misspelt more often than a name; "vaya" and "valla" are both words).
_COMMON_ZIPF = 3.5
# A word at least this frequent (about three in a thousand million words) is a word, and an edit
# away from a catalogue word is no reason to rewrite it; the sound-alike step still may.
_RARE_ZIPF = 2.5


class Speller:
    """Corrects folded words into a vocabulary; see the module's docstring for the rules."""

    def __init__(
        self,
        vocabulary: Mapping[str, int],
        *,
        known: Iterable[str] = (),
        sounds: Sequence[tuple[str, str]] = (),
        shorthand: Mapping[str, str] | None = None,
        rare: Iterable[str] = (),
    ) -> None:
        self._sounds = [(re.compile(pattern), replacement) for pattern, replacement in sounds]
        self._shorthand = dict(shorthand or {})
        # The vocabulary's words, and the packs' (given as one frozenset shared by every
        # council's speller: tens of thousands of words, not copied per council).
        self._own = frozenset(vocabulary)
        self._known = frozenset(known)
        self._rare = frozenset(rare)
        frequency: dict[str, int] = {}
        by_key: dict[str, str] = {}
        for word, count in sorted(vocabulary.items(), key=lambda item: (-item[1], item[0])):
            if word.isalpha():
                by_key.setdefault(self.key(word), word)  # the most frequent spelling of a sound
                frequency[word] = count
        self._by_key = by_key
        self._frequency = frequency
        self._buckets: dict[str, list[str]] = {}
        for key in by_key:
            self._buckets.setdefault(key[0], []).append(key)
        self.correct_word = lru_cache(maxsize=8192)(self._correct_word)

    def key(self, word: str) -> str:
        """What spellings of the same sound share ("kiero" and "quiero": "kiero")."""
        for pattern, replacement in self._sounds:
            word = pattern.sub(replacement, word)
        return word

    def correct(self, text: str) -> str:
        """The folded text with each misspelt word spelt as in the vocabulary."""
        return " ".join(self.correct_word(word) for word in fold(text).split())

    def _correct_word(self, word: str) -> str:
        if word in self._shorthand:
            return self._shorthand[word]
        if (
            word in self._own
            or word in self._known
            or len(word) < _MIN_SOUND_LENGTH
            or not word.isalpha()
        ):
            return word
        key = self.key(word)
        same = self._by_key.get(key)
        if same is not None:
            return same
        if len(word) < _MIN_EDIT_LENGTH or not key or word in self._rare:
            return word
        edits = 2 if len(word) >= _TWO_EDITS_LENGTH else 1
        found = process.extract(
            key,
            self._buckets.get(key[0], []),
            scorer=OSA.distance,
            score_cutoff=edits,
            limit=None,
        )
        if not found:
            return word
        candidates = [self._by_key[near] for near, _, _ in found]
        distance = {self._by_key[near]: edit for near, edit, _ in found}
        return min(candidates, key=lambda w: (distance[w], -self._frequency[w], w))


def speller_for(vocabulary: Mapping[str, int], packs: LanguagePacks | None = None) -> Speller:
    """A speller into `vocabulary` and every installed pack's words (stop words, markers: the
    "quiero" of "kiero"), with the packs' rules and their languages' common words."""
    shared = _pack_spelling(packs or installed())
    targets = Counter(vocabulary)
    for word in shared.targets:
        targets[word] += 0  # a target, but never preferred to a catalogue word
    return Speller(
        targets,
        known=shared.known,
        sounds=shared.sounds,
        shorthand=shared.shorthand,
        rare=shared.rare,
    )


def shorthand(packs: LanguagePacks | None = None) -> Mapping[str, str]:
    """The installed packs' chat shorthand ("q", "pa", "xq") and the words they stand for."""
    return _pack_spelling(packs or installed()).shorthand


@dataclass(frozen=True)
class _PackSpelling:
    """What every council's speller takes from the installed packs, gathered once per packs."""

    sounds: tuple[tuple[str, str], ...]
    shorthand: Mapping[str, str]
    targets: tuple[str, ...]
    known: frozenset[str]
    rare: frozenset[str]


@lru_cache(maxsize=8)
def _pack_spelling(packs: LanguagePacks) -> _PackSpelling:
    sounds: list[tuple[str, str]] = []
    shorthand: dict[str, str] = {}
    targets: dict[str, None] = {}
    known: set[str] = set()
    rare: set[str] = set()
    for pack in packs:
        spelling = pack.spelling
        sounds.extend(rule for rule in spelling.sounds if rule not in sounds)
        for short, word in spelling.shorthand.items():
            shorthand.setdefault(short, word)
        targets.update(dict.fromkeys(fold(" ".join([*pack.stopwords, *pack.markers])).split()))
        if spelling.lexicon:
            known.update(common_words(spelling.lexicon))
            rare.update(common_words(spelling.lexicon, _RARE_ZIPF))
    known.difference_update(shorthand)
    return _PackSpelling(
        tuple(sounds), shorthand, tuple(targets), frozenset(known), frozenset(rare)
    )


@cache
def common_words(language: str, zipf: float = _COMMON_ZIPF) -> frozenset[str]:
    """The words of a language wordfreq counts `zipf` or more frequent (default: the common
    ones), folded."""
    from wordfreq import get_frequency_dict  # loaded on first use: about a second

    floor = 10 ** (zipf - 9)
    # The small list stops near three in a million; "best" (the large one where wordfreq has it)
    # reaches the rare words.
    frequencies = get_frequency_dict(language, wordlist="small" if zipf >= 3 else "best")
    return frozenset(
        folded
        for word, frequency in frequencies.items()
        if frequency >= floor
        for folded in fold(word).split()
    )
