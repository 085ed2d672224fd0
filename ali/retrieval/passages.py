"""What of a catalogue entry is searched: the texts each retriever indexes, per language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language, Procedure
from ali.language.text import words

# Bump when the passages change shape, so persisted indexes are rebuilt.
PASSAGE_FORMAT = 3


@dataclass(frozen=True)
class Passage:
    """One embedded text and what it stands for (a procedure id, or an intent label)."""

    key: str
    language: Language
    text: str


def dense_passages(catalogue: Catalogue) -> list[Passage]:
    """Two passages per procedure and language: what it is, and the names people give it."""
    passages: list[Passage] = []
    for procedure in catalogue:
        for language in catalogue.languages:
            text = procedure.text[language]
            passages.append(Passage(procedure.id, language, f"{text.title}. {text.summary}"))
            names = "; ".join([text.title, *text.aliases])
            passages.append(Passage(procedure.id, language, names))
    return passages


def keyword_document(procedure: Procedure, language: Language) -> str:
    """The text BM25 indexes; titles and aliases repeated so they weigh more than the body."""
    text = procedure.text[language]
    names = " ".join([text.title, *text.aliases])
    body = " ".join([text.summary, *text.requirements, text.how or ""])
    return " ".join([names, names, names, body])


def names(procedure: Procedure, languages: list[Language]) -> list[str]:
    """Every title and alias of a procedure in `languages`, for fuzzy matching."""
    found: list[str] = []
    for language in languages:
        text = procedure.text[language]
        found.extend([text.title, *text.aliases])
    return found


def vocabulary(catalogue: Catalogue) -> Counter[str]:
    """Every folded word of the searched texts in every language, with how often it occurs:
    the words a misspelt question is corrected into (`ali.language.spelling`)."""
    counts: Counter[str] = Counter()
    for procedure in catalogue:
        for language in catalogue.languages:
            counts.update(words(keyword_document(procedure, language)))
    return counts
