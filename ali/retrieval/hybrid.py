"""Hybrid retrieval: BM25, dense and fuzzy retrievers fused into one ranked list (score fusion,
`ali.retrieval.fusion`), with a verdict on whether the best match is good enough to answer from.

A question is searched as written and, when its speller corrects a word ("kiero paga un resibo d
la contrivucion"), as corrected too: BM25 and fuzzy matching keep each procedure's better score
of the two, and the question is embedded as corrected."""

from __future__ import annotations

from dataclasses import dataclass, field

from ali.language.rejecting import rejected_positions
from ali.language.spelling import Speller
from ali.language.text import fold
from ali.retrieval.bm25 import Bm25Retriever
from ali.retrieval.dense import DenseRetriever
from ali.retrieval.embedders import Embedder, Vectors
from ali.retrieval.fusion import Scale, reciprocal_rank_fusion, score_fusion
from ali.retrieval.fuzzy import FuzzyRetriever
from ali.retrieval.hits import Hit, ScoredProcedure
from ali.settings import RetrievalSettings

_DEPTH = 10
# What a procedure the question rejects by name ("el volante no le vale") keeps of its score.
_REJECTED_SHARE = 0.5
# A fuzzy ratio means the same for every question, so its scale is fixed: a window of the
# question at the match floor (fuzzy.MATCH_FLOOR, 75) counts half as much as a name in full.
_SCALES = {"fuzzy": Scale(low=50.0, high=100.0)}


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
    """Ranked procedures for one question, and the question's embedding for reuse.
    `rejected`: the procedures the question names only to say they are not what is wanted
    ("el volante no me vale"), scored down."""

    hits: list[ScoredProcedure]
    query_vector: Vectors | None = field(default=None, repr=False, compare=False)
    confident: bool = False
    rejected: frozenset[str] = frozenset()

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
        speller: Speller | None = None,
    ) -> None:
        self._embedder = embedder
        self._speller = speller
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

    def spelled(self, question: str) -> str | None:
        """The question with its misspelt words corrected (folded), or None when none is."""
        if self._speller is None:
            return None
        corrected = self._speller.correct(question)
        return corrected if corrected != fold(question) else None

    def embed(self, question: str) -> Vectors:
        return self._embedder.embed_queries([self.spelled(question) or question])

    def search(self, question: str, query_vector: Vectors | None = None) -> SearchResult:
        vector = self.embed(question) if query_vector is None else query_vector
        texts = [question]
        corrected = self.spelled(question)
        if corrected is not None:
            texts.append(corrected)
        rankings: dict[str, list[Hit]] = {
            "dense": self._dense.run(vector, _DEPTH),
            "bm25": _best_of([self._bm25.run(text, _DEPTH) for text in texts]),
            "fuzzy": _best_of([self._fuzzy.run(text, _DEPTH) for text in texts]),
        }
        settings = self._settings
        weights = {
            "dense": settings.dense_weight,
            "bm25": settings.bm25_weight,
            "fuzzy": settings.fuzzy_weight,
        }
        scores = {name: {h.procedure_id: h.score for h in hits} for name, hits in rankings.items()}
        if settings.fusion == "rrf":
            fused = reciprocal_rank_fusion(rankings, weights, settings.rrf_k, tie_breaker="bm25")
        else:
            fused = score_fusion(rankings, weights, _SCALES, tie_breaker="bm25")
        rejected = self._rejected(question)
        fused = _scored_down(fused, rejected)
        hits = [
            ScoredProcedure(
                procedure_id=procedure_id,
                score=score,
                bm25=scores["bm25"].get(procedure_id, 0.0),
                dense=scores["dense"].get(procedure_id, 0.0),
                fuzzy=scores["fuzzy"].get(procedure_id, 0.0),
            )
            for procedure_id, score in fused
        ]
        return SearchResult(
            hits=hits, query_vector=vector, confident=self.is_confident(hits), rejected=rejected
        )

    def _rejected(self, question: str) -> frozenset[str]:
        """The procedures the question names only to reject them ("not the volante")."""
        positions = rejected_positions(fold(question).split())
        return self._fuzzy.named_within(question, positions) if positions else frozenset()

    def is_confident(self, hits: list[ScoredProcedure]) -> bool:
        """Whether the best hit is strong enough on at least one signal to answer from."""
        return bool(hits) and self.thresholds.accept(hits[0])


def _scored_down(
    fused: list[tuple[str, float]], rejected: frozenset[str]
) -> list[tuple[str, float]]:
    """`fused` with the `rejected` procedures scored down, when another one is left to answer
    ("not the volante, the official certificate")."""
    if not rejected or all(procedure_id in rejected for procedure_id, _ in fused):
        return fused
    scored = [
        (procedure_id, score * _REJECTED_SHARE if procedure_id in rejected else score)
        for procedure_id, score in fused
    ]
    return sorted(scored, key=lambda item: -round(item[1], 12))  # stable: ties keep their order


def _best_of(rankings: list[list[Hit]]) -> list[Hit]:
    """One ranking from several of the same retriever: each procedure's best score."""
    if len(rankings) == 1:
        return rankings[0]
    best: dict[str, float] = {}
    for hits in rankings:
        for hit in hits:
            best[hit.procedure_id] = max(hit.score, best.get(hit.procedure_id, hit.score))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:_DEPTH]
    return [Hit(procedure_id, score) for procedure_id, score in ranked]
