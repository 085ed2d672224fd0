"""Text normalisation for search: accent folding, tokens, stop words and per-language stems."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SPANISH

from ali.catalogue.schema import Language

_TOKEN = re.compile(r"[a-z0-9]+")

# Snowball has a Catalan stemmer, which serves Valencian.
_STEMMER_NAMES: dict[Language, str] = {"es": "spanish", "va": "catalan", "en": "english"}

_STOPWORDS_VA = [
    "a",
    "al",
    "als",
    "amb",
    "als",
    "aquell",
    "aquella",
    "aquest",
    "aquesta",
    "aquests",
    "aquestes",
    "de",
    "del",
    "dels",
    "des",
    "el",
    "els",
    "en",
    "entre",
    "es",
    "i",
    "jo",
    "la",
    "les",
    "li",
    "lo",
    "ma",
    "me",
    "mes",
    "meu",
    "meua",
    "meus",
    "meues",
    "molt",
    "no",
    "o",
    "per",
    "perque",
    "pero",
    "que",
    "qui",
    "se",
    "seu",
    "seua",
    "si",
    "sobre",
    "son",
    "sou",
    "te",
    "tinc",
    "un",
    "una",
    "uns",
    "unes",
    "vosaltres",
    "nosaltres",
    "ell",
    "ella",
    "ells",
    "elles",
    "hi",
    "ho",
    "on",
    "com",
    "quan",
    "tambe",
    "estic",
    "esta",
    "estan",
    "vull",
    "puc",
    "pots",
    "he",
    "ha",
    "han",
    "fer",
    "fa",
    "cal",
    "es",
]


def fold(text: str) -> str:
    """Lower-case and strip accents ("Padró" -> "padro"); keeps letters, digits and spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("l·l", "ll"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_TOKEN.findall(stripped))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _TOKEN.findall(fold(text))


@cache
def _stopwords(language: Language) -> frozenset[str]:
    raw = {"es": STOPWORDS_SPANISH, "va": _STOPWORDS_VA, "en": STOPWORDS_EN_PLUS}[language]
    return frozenset(fold(" ".join(raw)).split())


@cache
def _stemmer(language: Language) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[language])


def analyze(text: str, language: Language) -> list[str]:
    """Search terms of a text: folded words without stop words, stemmed for `language`."""
    stop = _stopwords(language)
    kept = [word for word in words(text) if word not in stop]
    stems: list[str] = _stemmer(language).stemWords(kept)
    return stems
