"""Sentence-support evaluation on `evals/grounding.jsonl`: where to set the floor of the
sentence check (ali.guardrails.support) that drops a model's sentence the passages do not support.

Each line is a sentence a model could write about one procedure, labelled supported (a faithful
paraphrase or summary of the procedure's catalogue text) or not (an invention on the same topic,
a statement about another procedure, an opinion, chit-chat). Each is scored as the check scores
it in production: its best cosine similarity to the sentences of the context the model is given
(ali.dialogue.model_writer.answer_context, the procedure's text and the council's contact line).

For each candidate floor the report gives the share of supported sentences kept (score >= floor)
and of unsupported ones refused (score < floor). The chosen floor is the one that refuses the most
unsupported sentences while keeping at least `KEEP_TARGET` of the supported ones: dropping a true
sentence costs less than showing an invented one, but an answer with most sentences dropped
falls back to the catalogue's reply, and the model would then be of no use."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.dialogue.model_writer import answer_context
from ali.guardrails.links import LinkTokens
from ali.guardrails.support import Embed, SentenceSupport

KEEP_TARGET = 0.90
"""The share of supported sentences the chosen floor must keep."""

CANDIDATES = tuple(round(0.70 + 0.005 * step, 3) for step in range(45))
"""Floors tried: 0.700 to 0.920 in steps of 0.005 (e5 cosines of related texts sit above 0.7)."""


class GroundingCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language
    procedure: str
    sentence: str
    supported: bool
    kind: str  # paraphrase, summary, invention, other_procedure, opinion, chitchat


@dataclass(frozen=True)
class Scored:
    case: GroundingCase
    score: float


@dataclass(frozen=True)
class FloorRates:
    floor: float
    kept_supported: float  # supported sentences at or above the floor
    refused_unsupported: float  # unsupported sentences below it


@dataclass(frozen=True)
class Distribution:
    count: int
    minimum: float
    median: float
    maximum: float

    @classmethod
    def of(cls, scores: list[float]) -> Distribution:
        if not scores:
            return cls(0, 0.0, 0.0, 0.0)
        return cls(len(scores), min(scores), statistics.median(scores), max(scores))


@dataclass
class GroundingReport:
    chosen: FloorRates
    rates: list[FloorRates]
    # "supported"/"unsupported" -> "all" or a language -> distribution of scores
    distributions: dict[str, dict[str, Distribution]]
    scored: list[Scored] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "floor": self.chosen.floor,
            "kept_supported": self.chosen.kept_supported,
            "refused_unsupported": self.chosen.refused_unsupported,
            "keep_target": KEEP_TARGET,
            "distributions": {
                label: {group: vars(d) for group, d in groups.items()}
                for label, groups in self.distributions.items()
            },
            "rates": [vars(r) for r in self.rates],
            "failures": [
                {
                    "language": s.case.language,
                    "procedure": s.case.procedure,
                    "sentence": s.case.sentence,
                    "supported": s.case.supported,
                    "kind": s.case.kind,
                    "score": s.score,
                }
                for s in self.failures
            ],
        }

    @property
    def failures(self) -> list[Scored]:
        """The sentences the chosen floor gets wrong: supported refused, unsupported kept."""
        return [s for s in self.scored if (s.score >= self.chosen.floor) != s.case.supported]


def load_grounding_cases(path: Path) -> list[GroundingCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(GroundingCase.model_validate(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return cases


def score_cases(catalogue: Catalogue, embed: Embed, cases: list[GroundingCase]) -> list[Scored]:
    """Each sentence's support score against the context the model would be given."""
    support = SentenceSupport(embed)
    scored = []
    for case in cases:
        _, sources = answer_context(
            catalogue, catalogue.get(case.procedure), case.language, LinkTokens()
        )
        scored.append(Scored(case, support.score(case.sentence, sources)))
    return scored


def rates_at(scored: list[Scored], floor: float) -> FloorRates:
    supported = [s.score for s in scored if s.case.supported]
    unsupported = [s.score for s in scored if not s.case.supported]
    kept = sum(score >= floor for score in supported) / len(supported) if supported else 0.0
    refused = sum(score < floor for score in unsupported) / len(unsupported) if unsupported else 0.0
    return FloorRates(floor, kept, refused)


def choose_floor(rates: list[FloorRates], keep_target: float = KEEP_TARGET) -> FloorRates:
    """The floor refusing the most unsupported sentences among those keeping `keep_target` of
    the supported ones (the lowest such floor on a tie, to keep more true sentences); the lowest
    candidate when none keeps enough."""
    eligible = [r for r in rates if r.kept_supported >= keep_target]
    if not eligible:
        return min(rates, key=lambda r: r.floor)
    return max(eligible, key=lambda r: (r.refused_unsupported, -r.floor))


def report(scored: list[Scored], candidates: tuple[float, ...] = CANDIDATES) -> GroundingReport:
    rates = [rates_at(scored, floor) for floor in candidates]
    distributions: dict[str, dict[str, Distribution]] = {}
    for label, wanted in (("supported", True), ("unsupported", False)):
        groups: dict[str, list[float]] = defaultdict(list)
        for s in scored:
            if s.case.supported is wanted:
                groups["all"].append(s.score)
                groups[s.case.language].append(s.score)
        distributions[label] = {group: Distribution.of(v) for group, v in sorted(groups.items())}
    return GroundingReport(choose_floor(rates), rates, distributions, scored)
