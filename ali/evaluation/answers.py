"""Answers evaluation: does the reply's first sentence give the citizen what they asked for?

Each row of `evals/answers.jsonl` (dev) and `evals/answers_heldout.jsonl` (held out, never used for
tuning) is a question asked as the first turn of a new conversation, the procedure it is about, the
aspect asked (`cost`, `deadline`, `where`...) and the accepted strings of the fact the first
sentence must state (see `ali.evaluation.first_sentence`). Per language and overall it reports:

- `fact_rate`: the share of replies whose first sentence states the fact;
- `median_chars`: the median reply length in characters, Markdown included (what is sent);
- `procedure_rate`: the share of replies about the expected procedure.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ali.catalogue.schema import Language
from ali.evaluation.datasets import read_cases
from ali.evaluation.first_sentence import first_sentence, stated

Aspect = Literal["cost", "deadline", "where", "documents", "who", "how", "online", "duration"]


class AnswerCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(min_length=1)
    language: Language
    procedure: str
    aspect: Aspect
    fact: list[str] = Field(min_length=1)


class Reply(Protocol):
    """What the suite reads of a reply (`ali.dialogue.reply.ChatReply` has it)."""

    @property
    def reply(self) -> str: ...

    @property
    def procedure_id(self) -> str | None: ...

    @property
    def language(self) -> str: ...


class Assistant(Protocol):
    """Anything that answers one turn (`ali.dialogue.engine.DialogueEngine` does)."""

    def chat(self, message_text: str, conversation_id: str | None = None) -> Reply: ...


@dataclass(frozen=True)
class AnswerOutcome:
    case: AnswerCase
    reply: str
    procedure_id: str | None
    language: str

    @property
    def first_sentence(self) -> str:
        return first_sentence(self.reply)

    @property
    def fact_stated(self) -> bool:
        return stated(self.first_sentence, self.case.fact) is not None

    @property
    def right_procedure(self) -> bool:
        return self.procedure_id == self.case.procedure

    @property
    def chars(self) -> int:
        return len(self.reply)

    def as_failure(self) -> dict[str, object]:
        return {
            "question": self.case.question,
            "language": self.case.language,
            "aspect": self.case.aspect,
            "fact": self.case.fact,
            "expected_procedure": self.case.procedure,
            "procedure": self.procedure_id,
            "reply_language": self.language,
            "first_sentence": self.first_sentence,
            "chars": self.chars,
        }


@dataclass(frozen=True)
class AnswerScores:
    count: int = 0
    fact_rate: float = 0.0
    median_chars: float = 0.0
    procedure_rate: float = 0.0

    @classmethod
    def of(cls, outcomes: Sequence[AnswerOutcome]) -> AnswerScores:
        n = len(outcomes)
        if not n:
            return cls()
        return cls(
            count=n,
            fact_rate=sum(outcome.fact_stated for outcome in outcomes) / n,
            median_chars=float(statistics.median(outcome.chars for outcome in outcomes)),
            procedure_rate=sum(outcome.right_procedure for outcome in outcomes) / n,
        )


@dataclass(frozen=True)
class AnswerReport:
    overall: AnswerScores
    by_language: dict[str, AnswerScores]
    failures: list[AnswerOutcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": asdict(self.overall),
            "by_language": {lang: asdict(scores) for lang, scores in self.by_language.items()},
            "failures": [outcome.as_failure() for outcome in self.failures],
        }


def load_answer_cases(path: Path) -> list[AnswerCase]:
    return read_cases(path, AnswerCase)


def run_answers(assistant: Assistant, cases: Iterable[AnswerCase]) -> list[AnswerOutcome]:
    """Each question as the first turn of a conversation of its own."""
    outcomes = []
    for case in cases:
        reply = assistant.chat(case.question, None)
        outcomes.append(AnswerOutcome(case, reply.reply, reply.procedure_id, reply.language))
    return outcomes


def report(outcomes: Sequence[AnswerOutcome]) -> AnswerReport:
    """Scores overall and per language; a failure misses the fact or the procedure."""
    grouped: dict[str, list[AnswerOutcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.case.language].append(outcome)
    return AnswerReport(
        overall=AnswerScores.of(outcomes),
        by_language={lang: AnswerScores.of(grouped[lang]) for lang in sorted(grouped)},
        failures=[o for o in outcomes if not (o.fact_stated and o.right_procedure)],
    )


def evaluate_sets(assistant: Assistant, sets: Mapping[str, Path]) -> dict[str, AnswerReport]:
    """A report per named set ("dev", "heldout"), in the order given."""
    return {
        name: report(run_answers(assistant, load_answer_cases(path))) for name, path in sets.items()
    }
