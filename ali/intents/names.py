"""How a message names the council's procedures: its content terms (search terms without
politeness, verbs of asking and single letters), the terms of each procedure's title and
aliases, whether a term is one of them (allowing for a stemmer that cuts one form of a word and
not another: "obra" -> "obr", "obras" kept whole), and whether lexical evidence says the message
is about a procedure at all."""

from __future__ import annotations

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.intents import cues
from ali.language.text import analyze, fold
from ali.retrieval.hybrid import SearchResult

_MIN_PREFIX = 4  # name terms this long may match by their start


def in_names(term: str, names: set[str]) -> bool:
    """`term` is one of a procedure's name terms, or one of them is its start or starts with
    it: the stemmer leaves "obras" whole but cuts "obra" ("licencia de obras" names both
    works permits)."""
    if term in names:
        return True
    return len(term) >= _MIN_PREFIX and any(
        len(name) >= _MIN_PREFIX and (name.startswith(term) or term.startswith(name))
        for name in names
    )


class ProcedureNames:
    def __init__(self, catalogue: Catalogue, lexical_thresholds: tuple[float, float]) -> None:
        """`lexical_thresholds`: the BM25 score and fuzzy ratio from which keyword or alias
        matching is strong evidence on its own."""
        self._catalogue = catalogue
        self.lexical = lexical_thresholds

    def of(self, procedure_id: str, language: Language) -> set[str]:
        """The search terms of the procedure's title and aliases in `language`."""
        text = self._catalogue.get(procedure_id).text[language]
        return set(analyze(" ".join([text.title, *text.aliases]), language))

    def terms(self, message: str, language: Language) -> list[str]:
        """The message's search terms without politeness, verbs of asking and single letters
        (the elided article of "llicència d'obra" is no topic)."""
        words = [word for word in fold(message).split() if word not in cues.words("non_content")]
        return [term for term in analyze(" ".join(words), language) if len(term) > 1]

    def count(self, message: str, language: Language) -> int:
        return len(self.terms(message, language))

    def strong(self, search: SearchResult) -> bool:
        """Keyword or alias matching of the best match is strong on its own."""
        best = search.best
        return best is not None and (best.bm25 >= self.lexical[0] or best.fuzzy >= self.lexical[1])

    def named(
        self, message: str, language: Language, search: SearchResult, *, strict: bool = False
    ) -> bool:
        """Lexical evidence that the message is about a catalogue procedure: one of its words is
        in a best match's names, or keyword or alias matching is strong (`strict`: only the
        latter). Dense similarity alone is not evidence for short messages (every short text
        looks a bit like everything)."""
        if search.best is None:
            return False
        if self.strong(search):
            return True
        if strict:
            return False
        terms = set(self.terms(message, language))
        return any(terms & self.of(hit.procedure_id, language) for hit in search.hits[:3])
