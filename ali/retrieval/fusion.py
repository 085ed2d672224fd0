"""Fusion: one ranking from the ranked lists of several retrievers, whose scores are not comparable.

Two methods. `score_fusion` (the default) maps each list's scores onto [0, 1] and adds them up;
`reciprocal_rank_fusion` adds `1 / (k + rank)` and ignores the scores. RRF rewards a procedure for
being in every list, however weakly: a word window that fuzzy-matches some alias ("what licence"
~ "dog licence") put that entry ahead of the one BM25 and the embeddings both ranked first. Score
fusion lets a list say how much better its first hit is than the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ali.retrieval.hits import Hit


@dataclass(frozen=True)
class Scale:
    """Where a list's scores lie: fixed bounds for scores with an absolute meaning (a fuzzy
    ratio, 0 to 100), scores outside them clipped; without them, the list's own last and first
    hits, since BM25 scores and cosine similarities mean little from one question to the next."""

    low: float | None = None
    high: float | None = None

    def normalise(self, hits: Sequence[Hit]) -> list[tuple[str, float]]:
        if not hits:
            return []
        low = hits[-1].score if self.low is None else self.low
        high = hits[0].score if self.high is None else self.high
        if high <= low:
            return [(hit.procedure_id, 1.0) for hit in hits]
        span = high - low
        return [(hit.procedure_id, min(1.0, max(0.0, (hit.score - low) / span))) for hit in hits]


def score_fusion(
    rankings: Mapping[str, Sequence[Hit]],
    weights: Mapping[str, float],
    scales: Mapping[str, Scale] | None = None,
    tie_breaker: str | None = None,
) -> list[tuple[str, float]]:
    """`sum(weight * normalised score)` over the lists each procedure appears in, best first;
    equal sums are ordered by the `tie_breaker` list's rank (then by id)."""
    scales = scales or {}
    fused: dict[str, float] = {}
    for name, hits in rankings.items():
        weight = weights.get(name, 1.0)
        for procedure_id, score in scales.get(name, Scale()).normalise(hits):
            fused[procedure_id] = fused.get(procedure_id, 0.0) + weight * score
    return _ordered(fused, rankings.get(tie_breaker or "", ()))


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Hit]],
    weights: Mapping[str, float],
    k: int = 60,
    tie_breaker: str | None = None,
) -> list[tuple[str, float]]:
    """`sum(weight / (k + rank))` over the lists each procedure appears in, best first. Hits
    of one list with the same score share its best rank ("1, 1, 3"): two names matched in
    full are equal evidence, whichever entry the catalogue lists first. Equal sums are ordered
    by the `tie_breaker` list's rank (then by id)."""
    fused: dict[str, float] = {}
    for name, hits in rankings.items():
        weight = weights.get(name, 1.0)
        rank = 0
        for position, hit in enumerate(hits, start=1):
            if position == 1 or hit.score != hits[position - 2].score:
                rank = position
            fused[hit.procedure_id] = fused.get(hit.procedure_id, 0.0) + weight / (k + rank)
    return _ordered(fused, rankings.get(tie_breaker or "", ()))


def _ordered(fused: dict[str, float], tie_breaker: Sequence[Hit]) -> list[tuple[str, float]]:
    order = {hit.procedure_id: rank for rank, hit in enumerate(tie_breaker)}
    last = len(order)
    return sorted(
        fused.items(), key=lambda item: (-round(item[1], 12), order.get(item[0], last), item[0])
    )
