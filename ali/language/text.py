"""Text analysis shared by retrieval, intents, safety and dialogue: accent folding, words, and
search terms (stop words dropped, stemmed by each language's pack)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import Stemmer

from ali.language.codes import Language
from ali.language.registry import LanguagePacks, installed

_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case and strip accents ("Padró" -> "padro"); keeps letters, digits and spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("l·l", "ll"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_TOKEN.findall(stripped))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _TOKEN.findall(fold(text))


@cache
def _analysis(
    packs: LanguagePacks, language: Language
) -> tuple[frozenset[str], Stemmer.Stemmer | None]:
    pack = packs.get(language)
    stop = frozenset(fold(" ".join(pack.stopwords)).split())
    return stop, Stemmer.Stemmer(pack.stemmer) if pack.stemmer else None


def analyze(text: str, language: Language) -> list[str]:
    """Search terms of a text: folded words without stop words, stemmed for `language`."""
    stop, stemmer = _analysis(installed(), language)
    kept = [word for word in words(text) if word not in stop]
    if stemmer is None:
        return kept
    stems: list[str] = stemmer.stemWords(kept)
    return stems


@cache
def _every_stop_word(packs: LanguagePacks) -> frozenset[str]:
    return frozenset().union(*(_analysis(packs, pack.code)[0] for pack in packs))


def search_terms(text: str, language: Language) -> list[str]:
    """Terms of `text` for `language`'s keyword index, which every question is asked of,
    whatever its language: the stop words of every installed language are dropped ("la" is no
    English term, "the" no Spanish one), the rest stemmed for `language`."""
    packs = installed()
    _, stemmer = _analysis(packs, language)
    kept = [word for word in words(text) if word not in _every_stop_word(packs)]
    return kept if stemmer is None else list(stemmer.stemWords(kept))
