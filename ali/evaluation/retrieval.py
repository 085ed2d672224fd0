"""Retrieval evaluation: recall@1, recall@3 and MRR per language over a labelled data set.

Each row of `evals/retrieval.jsonl` is a citizen question with the procedure it should reach, or
`null` when the assistant should say it cannot help. Two views are reported:

- *assistant*: what the citizen gets. A `null` row is a hit when the assistant abstains; a row with
  an id is a hit at rank r only when the assistant answers (is confident) and ranks it r-th.
- *ranking*: the hybrid ranking alone on in-scope rows, ignoring the abstention thresholds; this
  compares embedders fairly, since each model has its own similarity scale.

`calibrate` sweeps the abstention thresholds over the stored search results and reports the
setting that maximises assistant recall@1.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ali.catalogue.schema import Language
from ali.retrieval.hits import ScoredProcedure
from ali.retrieval.hybrid import HybridRetriever, Thresholds


class RetrievalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    language: Language
    expected: str | None
    tags: list[str] = []


@dataclass
class Outcome:
    case: RetrievalCase
    hits: list[ScoredProcedure]
    confident: bool

    @property
    def ranked(self) -> list[str]:
        return [hit.procedure_id for hit in self.hits]

    @property
    def answered(self) -> str | None:
        return self.ranked[0] if self.confident and self.hits else None

    def rank(self, *, ignore_abstention: bool = False) -> int | None:
        """1-based rank of the right answer (abstaining is rank 1 on out-of-scope rows)."""
        if self.case.expected is None:
            return 1 if self.answered is None else None
        if not ignore_abstention and self.answered is None:
            return None
        ranked = self.ranked
        return ranked.index(self.case.expected) + 1 if self.case.expected in ranked else None


@dataclass
class Scores:
    count: int = 0
    recall_at_1: float = 0.0
    recall_at_3: float = 0.0
    mrr: float = 0.0

    @classmethod
    def of(cls, ranks: Sequence[int | None]) -> Scores:
        n = len(ranks)
        if not n:
            return cls()
        return cls(
            count=n,
            recall_at_1=sum(1 for r in ranks if r == 1) / n,
            recall_at_3=sum(1 for r in ranks if r is not None and r <= 3) / n,
            mrr=sum(1 / r for r in ranks if r is not None) / n,
        )


def _scores(outcomes: Iterable[Outcome], *, ignore_abstention: bool = False) -> Scores:
    return Scores.of([o.rank(ignore_abstention=ignore_abstention) for o in outcomes])


@dataclass
class RetrievalReport:
    overall: Scores
    by_language: dict[str, Scores]
    in_scope: Scores
    out_of_scope: Scores
    ranking: Scores
    failures: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": vars(self.overall),
            "by_language": {lang: vars(s) for lang, s in self.by_language.items()},
            "in_scope": vars(self.in_scope),
            "out_of_scope": vars(self.out_of_scope),
            "ranking": vars(self.ranking),
            "failures": [
                {
                    "text": f.case.text,
                    "expected": f.case.expected,
                    "answered": f.answered,
                    "ranked": f.ranked[:3],
                }
                for f in self.failures
            ],
        }


def load_cases(path: Path) -> list[RetrievalCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(RetrievalCase.model_validate(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return cases


def run_cases(retriever: HybridRetriever, cases: Iterable[RetrievalCase]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        result = retriever.search(case.text)
        outcomes.append(Outcome(case, result.hits, result.confident))
    return outcomes


def report(outcomes: list[Outcome]) -> RetrievalReport:
    by_language: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_language[outcome.case.language].append(outcome)
    in_scope = [o for o in outcomes if o.case.expected is not None]
    return RetrievalReport(
        overall=_scores(outcomes),
        by_language={lang: _scores(items) for lang, items in sorted(by_language.items())},
        in_scope=_scores(in_scope),
        out_of_scope=_scores([o for o in outcomes if o.case.expected is None]),
        ranking=_scores(in_scope, ignore_abstention=True),
        failures=[o for o in outcomes if o.rank() != 1],
    )


def evaluate(retriever: HybridRetriever, cases: Iterable[RetrievalCase]) -> RetrievalReport:
    return report(run_cases(retriever, cases))


def calibrate(outcomes: list[Outcome]) -> tuple[Thresholds, Scores]:
    """The abstention thresholds that maximise assistant recall@1 on these outcomes.

    Ties go to the stricter setting (more abstention), since a wrong answer costs a citizen more
    than a polite "I don't know".
    """
    dense_grid = [round(0.50 + 0.01 * i, 2) for i in range(46)]
    bm25_grid = [float(v) for v in range(3, 21)]
    fuzzy_grid = [85.0, 90.0, 95.0, 100.0, 101.0]
    best: tuple[float, float, Thresholds] | None = None
    for dense, bm25, fuzzy in itertools.product(dense_grid, bm25_grid, fuzzy_grid):
        thresholds = Thresholds(dense=dense, bm25=bm25, fuzzy=fuzzy)
        rescored = [
            Outcome(o.case, o.hits, thresholds.accept(o.hits[0]) if o.hits else False)
            for o in outcomes
        ]
        score = _scores(rescored).recall_at_1
        strictness = dense + bm25 / 100 + fuzzy / 1000
        if best is None or (score, strictness) > (best[0], best[1]):
            best = (score, strictness, thresholds)
    assert best is not None
    chosen = best[2]
    final = [
        Outcome(o.case, o.hits, chosen.accept(o.hits[0]) if o.hits else False) for o in outcomes
    ]
    return chosen, _scores(final)
