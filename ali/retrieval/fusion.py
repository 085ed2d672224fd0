"""Reciprocal rank fusion: merges ranked lists whose scores are not comparable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ali.retrieval.hits import Hit


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Hit]], weights: Mapping[str, float], k: int = 60
) -> list[tuple[str, float]]:
    """`sum(weight / (k + rank))` over the lists each procedure appears in, best first."""
    fused: dict[str, float] = {}
    for name, hits in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, hit in enumerate(hits, start=1):
            fused[hit.procedure_id] = fused.get(hit.procedure_id, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
