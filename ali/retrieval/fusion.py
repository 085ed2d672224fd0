"""Reciprocal rank fusion: merges ranked lists whose scores are not comparable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ali.retrieval.hits import Hit


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
    order = {hit.procedure_id: rank for rank, hit in enumerate(rankings.get(tie_breaker or "", ()))}
    last = len(order)
    return sorted(
        fused.items(), key=lambda item: (-round(item[1], 12), order.get(item[0], last), item[0])
    )
