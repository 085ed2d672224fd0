"""Retrieval evaluation: recall@1, recall@3 and MRR per language over a labelled data set.

Each row of `evals/retrieval.jsonl` is a citizen question with the procedure it should reach, or
`null` when the assistant should say it cannot help. A row with `null` counts as a hit when the
assistant abstains; a row with an id counts at rank 1 only when the assistant answers with it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ali.catalogue.schema import Language
from ali.retrieval.hybrid import HybridRetriever


class RetrievalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    language: Language
    expected: str | None
    tags: list[str] = []


@dataclass
class Outcome:
    case: RetrievalCase
    ranked: list[str]
    answered: str | None

    @property
    def rank(self) -> int | None:
        """1-based rank of the right answer; abstaining is rank 1 for out-of-scope rows."""
        if self.case.expected is None:
            return 1 if self.answered is None else None
        if self.answered is None:
            return None
        if self.case.expected in self.ranked:
            return self.ranked.index(self.case.expected) + 1
        return None


@dataclass
class Scores:
    count: int = 0
    recall_at_1: float = 0.0
    recall_at_3: float = 0.0
    mrr: float = 0.0

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Scores:
        if not outcomes:
            return cls()
        ranks = [o.rank for o in outcomes]
        n = len(outcomes)
        return cls(
            count=n,
            recall_at_1=sum(1 for r in ranks if r == 1) / n,
            recall_at_3=sum(1 for r in ranks if r is not None and r <= 3) / n,
            mrr=sum(1 / r for r in ranks if r is not None) / n,
        )


@dataclass
class RetrievalReport:
    overall: Scores
    by_language: dict[str, Scores]
    in_scope: Scores
    out_of_scope: Scores
    failures: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": vars(self.overall),
            "by_language": {lang: vars(s) for lang, s in self.by_language.items()},
            "in_scope": vars(self.in_scope),
            "out_of_scope": vars(self.out_of_scope),
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


def evaluate(retriever: HybridRetriever, cases: Iterable[RetrievalCase]) -> RetrievalReport:
    outcomes: list[Outcome] = []
    for case in cases:
        result = retriever.search(case.text)
        ranked = [hit.procedure_id for hit in result.hits]
        answered = ranked[0] if result.confident and ranked else None
        outcomes.append(Outcome(case, ranked if answered else [], answered))
    by_language: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_language[outcome.case.language].append(outcome)
    return RetrievalReport(
        overall=Scores.of(outcomes),
        by_language={lang: Scores.of(items) for lang, items in sorted(by_language.items())},
        in_scope=Scores.of([o for o in outcomes if o.case.expected is not None]),
        out_of_scope=Scores.of([o for o in outcomes if o.case.expected is None]),
        failures=[o for o in outcomes if o.rank != 1],
    )
