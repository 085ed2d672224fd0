"""Clarification evaluation on `evals/clarify.jsonl` (dev) and `evals/clarify_heldout.jsonl`
(held-out, never used for tuning): whether ALI asks which thing was meant when a message holds
two requests or names several procedures of one topic ("una multa": pay or appeal?), and does
not ask when the request is clear.

"Clarify when it should" (recall): of the lines that should clarify, the share whose reply has
status `clarify` and offers every procedure the line names in `options`. "Clarified when it
should not" (false rate): of the lines that should not, the share whose reply has status
`clarify`. Each message is sent on its own, in the line's language, as the widget sends it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from ali.catalogue.schema import Language
from ali.dialogue.reply import ChatReply
from ali.dialogue.status import TurnStatus
from ali.evaluation.datasets import read_cases


class ClarifyCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str
    language: Language
    clarify: bool
    options: list[str] = []  # procedure ids the clarification must offer


class Chat(Protocol):
    def chat(
        self,
        message_text: str,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> ChatReply: ...


@dataclass(frozen=True)
class ClarifyOutcome:
    case: ClarifyCase
    clarified: bool
    offered: list[str]  # the procedures the reply offered (its candidates)
    procedure_id: str | None  # the procedure it answered with, if it did

    @property
    def options_offered(self) -> bool:
        return set(self.case.options) <= set(self.offered)

    @property
    def ok(self) -> bool:
        if self.case.clarify:
            return self.clarified and self.options_offered
        return not self.clarified


@dataclass(frozen=True)
class ClarifyScores:
    should: int = 0  # lines that should clarify
    should_not: int = 0
    recall: float = 0.0  # clarify when it should (with the options)
    false_rate: float = 0.0  # clarified when it should not

    @classmethod
    def of(cls, outcomes: list[ClarifyOutcome]) -> ClarifyScores:
        should = [o for o in outcomes if o.case.clarify]
        should_not = [o for o in outcomes if not o.case.clarify]
        return cls(
            should=len(should),
            should_not=len(should_not),
            recall=sum(o.ok for o in should) / len(should) if should else 0.0,
            false_rate=sum(o.clarified for o in should_not) / len(should_not)
            if should_not
            else 0.0,
        )


@dataclass
class ClarifyReport:
    overall: ClarifyScores
    by_language: dict[str, ClarifyScores]
    failures: list[ClarifyOutcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": vars(self.overall),
            "by_language": {language: vars(s) for language, s in self.by_language.items()},
            "failures": [
                {
                    "message": f.case.message,
                    "language": f.case.language,
                    "clarify": f.case.clarify,
                    "options": f.case.options,
                    "clarified": f.clarified,
                    "offered": f.offered,
                    "procedure_id": f.procedure_id,
                }
                for f in self.failures
            ],
        }


def load_clarify_cases(path: Path) -> list[ClarifyCase]:
    return read_cases(path, ClarifyCase)


def run_cases(engine: Chat, cases: list[ClarifyCase]) -> list[ClarifyOutcome]:
    outcomes = []
    for case in cases:
        reply = engine.chat(case.message, None, language=case.language)
        outcomes.append(
            ClarifyOutcome(
                case,
                clarified=reply.status == TurnStatus.CLARIFY.value,
                offered=[candidate.procedure_id for candidate in reply.candidates],
                procedure_id=reply.procedure_id,
            )
        )
    return outcomes


def report(outcomes: list[ClarifyOutcome]) -> ClarifyReport:
    by_language: dict[str, list[ClarifyOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_language[outcome.case.language].append(outcome)
    return ClarifyReport(
        overall=ClarifyScores.of(outcomes),
        by_language={
            language: ClarifyScores.of(items) for language, items in sorted(by_language.items())
        },
        failures=[o for o in outcomes if not o.ok],
    )


def evaluate(engine: Chat, cases: list[ClarifyCase]) -> ClarifyReport:
    return report(run_cases(engine, cases))
