"""Which language a citizen writes in: Spanish, Valencian (Catalan) or English.

lingua gives confidences; short questions ("i on es fa?") are often too close to call, so a few
function words that only one of the three languages uses tip the balance. When nothing is clear
the caller's fallback (the conversation's language, else the council's default) is kept.
"""

from __future__ import annotations

from lingua import Language as LinguaLanguage
from lingua import LanguageDetector, LanguageDetectorBuilder

from ali.catalogue.schema import Language
from ali.retrieval.text import words

_LINGUA: dict[LinguaLanguage, Language] = {
    LinguaLanguage.SPANISH: "es",
    LinguaLanguage.CATALAN: "va",
    LinguaLanguage.ENGLISH: "en",
}

_MARKERS: dict[Language, frozenset[str]] = {
    "es": frozenset(
        [
            "donde",
            "cuanto",
            "cuesta",
            "quiero",
            "necesito",
            "puedo",
            "hay",
            "como",
            "hacer",
            "tambien",
            "mi",
            "mis",
            "los",
            "las",
            "del",
            "hola",
            "gracias",
            "buenos",
            "usted",
            "tengo",
            "esta",
            "estoy",
            "pagar",
            "sacar",
            "cita",
            "para",
            "con",
            "se",
            "hace",
        ]
    ),
    "va": frozenset(
        [
            "on",
            "quant",
            "costa",
            "vull",
            "necessite",
            "necessito",
            "puc",
            "cal",
            "que",
            "com",
            "fer",
            "tambe",
            "meu",
            "meua",
            "els",
            "amb",
            "bon",
            "dia",
            "gracies",
            "hola",
            "fa",
            "tinc",
            "esta",
            "estic",
            "pagar",
            "traure",
            "treure",
            "per",
            "lo",
            "nostre",
            "seua",
            "mon",
        ]
    ),
    "en": frozenset(
        [
            "how",
            "what",
            "where",
            "when",
            "the",
            "my",
            "i",
            "do",
            "does",
            "is",
            "can",
            "need",
            "want",
            "pay",
            "get",
            "much",
            "hello",
            "thanks",
            "please",
            "to",
            "of",
            "for",
            "with",
        ]
    ),
}
# Words several languages share are left out of the score.
_SHARED = frozenset.intersection(*_MARKERS.values()) | (_MARKERS["es"] & _MARKERS["va"])
_MIN_CONFIDENCE = 0.6
_MARKER_WEIGHT = 0.2


class LanguageDetection:
    def __init__(self) -> None:
        self._detector: LanguageDetector = LanguageDetectorBuilder.from_languages(*_LINGUA).build()

    def detect(self, text: str, fallback: Language) -> Language:
        scores: dict[Language, float] = dict.fromkeys(_MARKERS, 0.0)
        for value in self._detector.compute_language_confidence_values(text):
            scores[_LINGUA[value.language]] = value.value
        tokens = words(text)
        hits: dict[Language, int] = {
            language: sum(1 for t in tokens if t in markers and t not in _SHARED)
            for language, markers in _MARKERS.items()
        }
        combined = {lang: scores[lang] + _MARKER_WEIGHT * hits[lang] for lang in scores}
        best = max(combined, key=lambda lang: combined[lang])
        if scores[best] >= _MIN_CONFIDENCE or (
            hits[best] > 0 and combined[best] >= _MIN_CONFIDENCE
        ):
            return best
        return fallback
