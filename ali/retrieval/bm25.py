"""Keyword retrieval: one BM25 index per language (bm25s), with accent folding and stemming;
the stop words of every language are left out of each index (`search_terms`)."""

from __future__ import annotations

import bm25s
import numpy as np

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.language.text import search_terms
from ali.retrieval.hits import Hit
from ali.retrieval.passages import keyword_document


class Bm25Retriever:
    """Scores every procedure against a question in each language's index and keeps the best.

    Questions mix languages ("vull el volante"), so every language's index is asked, each with its
    own stemmer, and a procedure's score is its best over the languages.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self._ids = catalogue.ids()
        self._indexes: dict[Language, bm25s.BM25] = {}
        for language in catalogue.languages:
            corpus = [search_terms(keyword_document(p, language), language) for p in catalogue]
            index = bm25s.BM25()
            index.index(corpus, show_progress=False)
            self._indexes[language] = index

    def run(self, question: str, top_k: int = 10) -> list[Hit]:
        best = np.zeros(len(self._ids), dtype=np.float32)
        for language, index in self._indexes.items():
            terms = search_terms(question, language)
            if terms:
                best = np.maximum(best, index.get_scores(terms))
        order = np.argsort(-best)[:top_k]
        return [Hit(self._ids[i], float(best[i])) for i in order if best[i] > 0]
