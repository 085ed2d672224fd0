"""Hybrid retrieval: BM25, dense and fuzzy retrievers fused into one ranked list, with a verdict
on whether the best match is good enough to answer from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ali.retrieval.bm25 import Bm25Retriever
from ali.retrieval.dense import DenseRetriever
from ali.retrieval.embedders import Embedder, Vectors
from ali.retrieval.fusion import reciprocal_rank_fusion
from ali.retrieval.fuzzy import FuzzyRetriever
from ali.retrieval.hits import Hit, ScoredProcedure
from ali.settings import RetrievalSettings

_DEPTH = 10


@dataclass(frozen=True)
class Thresholds:
    """Below all three, the best hit is too weak to answer from and the assistant abstains."""

    dense: float
    bm25: float
    fuzzy: float

    def accept(self, hit: ScoredProcedure) -> bool:
        return hit.dense >= self.dense or hit.bm25 >= self.bm25 or hit.fuzzy >= self.fuzzy


@dataclass(frozen=True)
class SearchResult:
    """Ranked procedures for one question, and the question's embedding for reuse."""

    hits: list[ScoredProcedure]
    query_vector: Vectors | None = field(default=None, repr=False, compare=False)
    confident: bool = False

    @property
    def best(self) -> ScoredProcedure | None:
        return self.hits[0] if self.hits else None


class HybridRetriever:
    def __init__(
        self,
        *,
        embedder: Embedder,
        dense: DenseRetriever,
        bm25: Bm25Retriever,
        fuzzy: FuzzyRetriever,
        settings: RetrievalSettings,
    ) -> None:
        self._embedder = embedder
        self._dense = dense
        self._bm25 = bm25
        self._fuzzy = fuzzy
        self._settings = settings
        dense_floor = settings.min_dense_similarity
        self.thresholds = Thresholds(
            dense=embedder.similarity_floor if dense_floor is None else dense_floor,
            bm25=settings.min_bm25_score,
            fuzzy=settings.min_fuzzy_score,
        )

    def embed(self, question: str) -> Vectors:
        return self._embedder.embed_queries([question])

    def search(self, question: str, query_vector: Vectors | None = None) -> SearchResult:
        vector = self.embed(question) if query_vector is None else query_vector
        rankings: dict[str, list[Hit]] = {
            "dense": self._dense.run(vector, _DEPTH),
            "bm25": self._bm25.run(question, _DEPTH),
            "fuzzy": self._fuzzy.run(question, _DEPTH),
        }
        settings = self._settings
        weights = {
            "dense": settings.dense_weight,
            "bm25": settings.bm25_weight,
            "fuzzy": settings.fuzzy_weight,
        }
        scores = {name: {h.procedure_id: h.score for h in hits} for name, hits in rankings.items()}
        hits = [
            ScoredProcedure(
                procedure_id=procedure_id,
                score=fused,
                bm25=scores["bm25"].get(procedure_id, 0.0),
                dense=scores["dense"].get(procedure_id, 0.0),
                fuzzy=scores["fuzzy"].get(procedure_id, 0.0),
            )
            for procedure_id, fused in reciprocal_rank_fusion(rankings, weights, settings.rrf_k)
        ]
        return SearchResult(hits=hits, query_vector=vector, confident=self.is_confident(hits))

    def is_confident(self, hits: list[ScoredProcedure]) -> bool:
        """Whether the best hit is strong enough on at least one signal to answer from."""
        return bool(hits) and self.thresholds.accept(hits[0])
