"""Hybrid retrieval over a council's catalogue."""

from __future__ import annotations

from pathlib import Path

from ali.catalogue.catalogue import Catalogue
from ali.language.spelling import speller_for
from ali.retrieval.bm25 import Bm25Retriever
from ali.retrieval.dense import DenseRetriever
from ali.retrieval.embedders import Embedder, build_embedder
from ali.retrieval.fuzzy import FuzzyRetriever
from ali.retrieval.hits import ScoredProcedure
from ali.retrieval.hybrid import HybridRetriever, SearchResult
from ali.retrieval.passages import vocabulary
from ali.retrieval.vector_cache import PassageVectorCache
from ali.retrieval.vector_index import Progress, load_or_build
from ali.settings import RetrievalSettings

__all__ = [
    "Embedder",
    "HybridRetriever",
    "ScoredProcedure",
    "SearchResult",
    "build_embedder",
    "build_retriever",
]


def build_retriever(
    catalogue: Catalogue,
    embedder: Embedder,
    settings: RetrievalSettings,
    index_dir: Path,
    progress: Progress | None = None,
    cache: PassageVectorCache | None = None,
) -> HybridRetriever:
    """Load (or build and persist) the council's dense index and assemble the hybrid retriever,
    with a speller into the catalogue's words unless `settings.spelling` is off. A `cache`
    shares the vectors of passages other councils' indexes already hold."""
    index, _ = load_or_build(catalogue, embedder, index_dir, progress, cache=cache)
    speller = speller_for(vocabulary(catalogue)) if settings.spelling else None
    return HybridRetriever(
        embedder=embedder,
        dense=DenseRetriever(index),
        bm25=Bm25Retriever(catalogue),
        fuzzy=FuzzyRetriever(catalogue),
        settings=settings,
        speller=speller,
    )
