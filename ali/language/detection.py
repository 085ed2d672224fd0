"""Which language a citizen writes in, among the installed (or a council's) languages.

lingua gives confidences; short questions ("i on es fa?") are often too close to call, so a few
function words that only one language uses (its pack's `markers`) tip the balance, and decide
alone when they clearly frame the sentence: an English question naming a Spanish procedure
("how do I get the volante de empadronamiento?") is English. A language
lingua does not know is detected by its markers alone, or through the nearest language lingua
knows (its pack's `lingua`). When nothing is clear the caller's fallback (the conversation's
language, else the council's default) is kept, and so it is for a message of a few everyday
words of that language that no other candidate uses far more ("ok", "vale", "no"; wordfreq's
counts), which lingua may still give to that other language: "ok" in a Spanish conversation is no
switch to English, while "how much?" is English whatever the conversation was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lingua import Language as LinguaLanguage
from lingua import LanguageDetector, LanguageDetectorBuilder
from wordfreq import zipf_frequency

from ali.language.codes import Language
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold, words

_MIN_CONFIDENCE = 0.6
_MARKER_WEIGHT = 0.2
# The sentence's own words decide over a name in another language inside it ("how do I get the
# volante de empadronamiento?"): lingua reads the Spanish name, the markers read the English
# frame. At least this many markers of one language, and this many times any other's.
_FRAME_MARKERS = 2
_FRAME_RATIO = 3
# A message this short keeps the fallback language when each of its words is common in it (Zipf
# 3.5, about three in a million words) and no more than ten times as common (one Zipf) in
# another candidate.
_EVERYDAY_WORDS = 3
_EVERYDAY_ZIPF = 3.5
_EVERYDAY_MARGIN = 1.0


class LanguageDetection:
    def __init__(self, packs: LanguagePacks | None = None) -> None:
        packs = packs or installed()
        self._lingua: dict[LinguaLanguage, Language] = {
            getattr(LinguaLanguage, pack.lingua): pack.code for pack in packs if pack.lingua
        }
        self._markers: dict[Language, frozenset[str]] = {
            pack.code: frozenset(pack.markers) for pack in packs
        }
        # Words several languages share are left out of the score.
        seen = Counter(word for markers in self._markers.values() for word in markers)
        self._shared = frozenset(word for word, count in seen.items() if count > 1)
        self._lexicons: dict[Language, str] = {
            pack.code: pack.spelling.lexicon for pack in packs if pack.spelling.lexicon
        }
        self._detector: LanguageDetector = LanguageDetectorBuilder.from_languages(
            *self._lingua
        ).build()

    def detect(
        self, text: str, fallback: Language, among: Sequence[Language] | None = None
    ) -> Language:
        """The language of `text` among `among` (a council's languages; default: every
        installed one), else `fallback`."""
        candidates = tuple(among or self._markers)
        if fallback in candidates and self._everyday(text, fallback, candidates):
            return fallback
        scores: dict[Language, float] = dict.fromkeys(candidates, 0.0)
        for value in self._detector.compute_language_confidence_values(text):
            language = self._lingua[value.language]
            if language in scores:
                scores[language] = value.value
        tokens = words(text)
        hits: dict[Language, int] = {
            language: sum(
                1 for t in tokens if t in self._markers[language] and t not in self._shared
            )
            for language in candidates
        }
        framing = _framing(hits)
        if framing is not None:
            return framing
        combined = {lang: scores[lang] + _MARKER_WEIGHT * hits[lang] for lang in scores}
        best = max(combined, key=lambda lang: combined[lang])
        if scores[best] >= _MIN_CONFIDENCE or (
            hits[best] > 0 and combined[best] >= _MIN_CONFIDENCE
        ):
            return best
        return fallback

    def _everyday(self, text: str, language: Language, candidates: Sequence[Language]) -> bool:
        """Whether `text` is a few words, each common in `language` and not far more so in
        another candidate ("ok" and "no" in Spanish, not "how much")."""
        lexicon = self._lexicons.get(language)
        tokens = fold(text).split()
        if lexicon is None or not tokens or len(tokens) > _EVERYDAY_WORDS:
            return False
        others = [self._lexicons[c] for c in candidates if c != language and c in self._lexicons]
        for token in tokens:
            own = zipf_frequency(token, lexicon, wordlist="small")
            if own < _EVERYDAY_ZIPF or any(
                zipf_frequency(token, other, wordlist="small") > own + _EVERYDAY_MARGIN
                for other in others
            ):
                return False
        return True


def _framing(hits: dict[Language, int]) -> Language | None:
    """The language whose function words frame the sentence, when they clearly outnumber every
    other's: a procedure's name, in whatever language, seldom carries them."""
    ranked = sorted(hits, key=lambda language: hits[language], reverse=True)
    if not ranked or hits[ranked[0]] < _FRAME_MARKERS:
        return None
    runner_up = hits[ranked[1]] if len(ranked) > 1 else 0
    return ranked[0] if hits[ranked[0]] >= _FRAME_RATIO * runner_up else None
