"""The result types retrievers share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """A procedure and a retriever's own score for it (scales differ between retrievers)."""

    procedure_id: str
    score: float


@dataclass(frozen=True)
class ScoredProcedure:
    """A procedure after fusion, with each retriever's score kept for thresholds and logs."""

    procedure_id: str
    score: float
    bm25: float = 0.0
    dense: float = 0.0
    fuzzy: float = 0.0
