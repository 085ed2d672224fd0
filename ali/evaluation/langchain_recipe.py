"""The standard LangChain recipe as a retrieval baseline: a FAISS vector store over the
catalogue's passages (`FAISS.from_texts`) and `similarity_search(k=3)`.

The store embeds with ALI's own embedder through a small `Embeddings` adapter, so nothing is
downloaded and the comparison isolates what ALI adds beyond "embed and take the nearest three".
LangChain is an evaluation dependency only (the `eval` extra); it is imported here, lazily.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from ali.catalogue.catalogue import Catalogue
from ali.retrieval.embedders import Embedder
from ali.retrieval.passages import dense_passages

if TYPE_CHECKING:
    from langchain_community.vectorstores import FAISS

RECIPE_K = 3


class AliEmbeddings(Embeddings):
    """LangChain's `Embeddings` over an ALI embedder (queries and passages keep their prefixes)."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._embedder.embed_passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_queries([text])[0]]


class LangChainFaissRanker:
    """Procedures in the order of the passages `similarity_search(k=3)` returns (duplicates
    dropped), so this baseline ranks at most three procedures, as the recipe does."""

    name = "LangChain FAISS (k=3)"

    def __init__(self, catalogue: Catalogue, embedder: Embedder) -> None:
        with warnings.catch_warnings():  # the package warns it is being sunset, on import
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.vectorstores import FAISS

        passages = dense_passages(catalogue)
        self._store: FAISS = FAISS.from_texts(
            [p.text for p in passages],
            AliEmbeddings(embedder),
            metadatas=[{"procedure_id": p.key, "language": p.language} for p in passages],
        )

    def rank(self, question: str) -> list[str]:
        ranked: list[str] = []
        for document in self._store.similarity_search(question, k=RECIPE_K):
            procedure_id = str(document.metadata["procedure_id"])
            if procedure_id not in ranked:
                ranked.append(procedure_id)
        return ranked
