"""Retrieval baselines beside ALI: BM25 alone, dense alone, and the LangChain recipe.

Each baseline is a `Ranker` (a question in, procedure ids best first). BM25 alone and dense
alone are ALI's own components (`Bm25Retriever`, `DenseRetriever` over the same passages and
embedder) with the other signals and the fusion taken away. Baselines cannot abstain, so the
comparison is on the in-scope rows of each set, where ALI counts as served to the citizen: an
abstention is a miss. ALI's ranking alone (abstention ignored) is reported too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ali.catalogue.catalogue import Catalogue
from ali.evaluation.retrieval import RetrievalCase, Scores, run_cases
from ali.retrieval.bm25 import Bm25Retriever
from ali.retrieval.dense import DenseRetriever
from ali.retrieval.embedders import Embedder
from ali.retrieval.hybrid import HybridRetriever
from ali.retrieval.passages import dense_passages
from ali.retrieval.vector_index import VectorIndex, build_index, load_or_build

_DEPTH = 10
ALI_SERVED = "ALI (as served)"
ALI_RANKING = "ALI (ranking only)"


class Ranker(Protocol):
    """A retrieval baseline: procedure ids for a question, best first."""

    @property
    def name(self) -> str: ...

    def rank(self, question: str) -> list[str]: ...


class Bm25Ranker:
    """ALI's BM25 retriever alone (bm25s, one index per language, stemmed, accent-folded)."""

    name = "BM25 alone (bm25s)"

    def __init__(self, catalogue: Catalogue) -> None:
        self._bm25 = Bm25Retriever(catalogue)

    def rank(self, question: str) -> list[str]:
        return [hit.procedure_id for hit in self._bm25.run(question, _DEPTH)]


class DenseRanker:
    """ALI's dense retriever alone: FAISS inner product over the same passages and embedder."""

    name = "Dense alone (FAISS)"

    def __init__(self, embedder: Embedder, index: VectorIndex) -> None:
        self._embedder = embedder
        self._dense = DenseRetriever(index)

    @classmethod
    def over(
        cls, catalogue: Catalogue, embedder: Embedder, index_dir: Path | None = None
    ) -> DenseRanker:
        """Over ALI's persisted index in `index_dir` (no re-embedding), else a new one."""
        if index_dir is not None:
            index, _ = load_or_build(catalogue, embedder, index_dir)
        else:
            index = build_index(dense_passages(catalogue), embedder)
        return cls(embedder, index)

    def rank(self, question: str) -> list[str]:
        vector = self._embedder.embed_queries([question])
        return [hit.procedure_id for hit in self._dense.run(vector, _DEPTH)]


@dataclass
class SystemScores:
    """One system's scores on one set's in-scope rows, per language and overall."""

    system: str
    overall: Scores
    by_language: dict[str, Scores]

    def as_dict(self) -> dict[str, object]:
        return {
            "system": self.system,
            "overall": vars(self.overall),
            "by_language": {language: vars(s) for language, s in self.by_language.items()},
        }


@dataclass
class SuiteComparison:
    """ALI beside each baseline on one retrieval set."""

    name: str
    in_scope: int
    out_of_scope: int
    ali_abstains_when_it_should: float
    systems: list[SystemScores]

    def as_dict(self) -> dict[str, object]:
        return {
            "set": self.name,
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "ali_abstains_when_it_should": self.ali_abstains_when_it_should,
            "systems": [system.as_dict() for system in self.systems],
        }

    def system(self, name: str) -> SystemScores:
        return next(s for s in self.systems if s.system == name)


def _rank_of(expected: str, ranked: Sequence[str]) -> int | None:
    return ranked.index(expected) + 1 if expected in ranked else None


def _system(name: str, cases: Sequence[RetrievalCase], ranks: Sequence[int | None]) -> SystemScores:
    per_language: dict[str, list[int | None]] = defaultdict(list)
    for case, rank in zip(cases, ranks, strict=True):
        per_language[case.language].append(rank)
    return SystemScores(
        system=name,
        overall=Scores.of(ranks),
        by_language={language: Scores.of(r) for language, r in sorted(per_language.items())},
    )


def compare_retrieval(
    name: str,
    retriever: HybridRetriever,
    rankers: Sequence[Ranker],
    cases: Sequence[RetrievalCase],
) -> SuiteComparison:
    """ALI (served and ranking only) and every ranker on the in-scope rows of `cases`."""
    in_scope = [case for case in cases if case.expected is not None]
    out_of_scope = [case for case in cases if case.expected is None]
    outcomes = run_cases(retriever, in_scope)
    systems = [
        _system(ALI_SERVED, in_scope, [o.rank() for o in outcomes]),
        _system(ALI_RANKING, in_scope, [o.rank(ignore_abstention=True) for o in outcomes]),
    ]
    for ranker in rankers:
        ranks = [_rank_of(str(case.expected), ranker.rank(case.text)) for case in in_scope]
        systems.append(_system(ranker.name, in_scope, ranks))
    abstained = [o.rank() for o in run_cases(retriever, out_of_scope)]
    return SuiteComparison(
        name=name,
        in_scope=len(in_scope),
        out_of_scope=len(out_of_scope),
        ali_abstains_when_it_should=(
            sum(1 for r in abstained if r == 1) / len(abstained) if abstained else 0.0
        ),
        systems=systems,
    )
