"""The model suite (`ali eval --suite model`, issue 13): the answers set's questions through a
council engine with a real language model, and what reached the citizen.

Each question of `evals/answers.jsonl` (dev) is the first turn of a new conversation, streamed
as the web client reads it. The suite reports:

- replies by `answered_by` (model or catalogue) and by turn status;
- fallbacks by reason and output checks fired by problem (what the model layer counted);
- `unsupported_replies`: replies reaching the citizen with a URL, phone, e-mail, amount,
  percentage or date found neither in the answered procedure's full catalogue text (every
  language) nor in the council's contact details. It is recomputed here on the final reply
  with `unsupported_facts`, independently of the checks the turn ran, and must be 0;
- time to first token (answered model calls) and turn latency, p50 and p95, in seconds;
- the fact-in-first-sentence rate of the replies the model wrote, and of all replies.

It needs a model server (ALI_LLM__*): the engine's model client is rebuilt with metrics of the
suite's own, so the counts are this run's only."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from prometheus_client import CollectorRegistry

from ali.catalogue.catalogue import Catalogue
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.model_writer import answer_context
from ali.evaluation.answers import AnswerCase
from ali.evaluation.first_sentence import first_sentence, stated
from ali.guardrails.facts import unsupported_facts
from ali.guardrails.links import LinkTokens
from ali.llm.client import ModelClient
from ali.llm.failures import FallbackReason
from ali.llm.metrics import ModelMetrics


class RecordingMetrics(ModelMetrics):
    """The model layer's metrics, also kept call by call for percentiles and counts."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        super().__init__(registry or CollectorRegistry())
        self.first_tokens: list[float] = []
        self.calls: list[float] = []
        self.fallback_reasons: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()

    def checked(self, council: str, problem: str) -> None:
        super().checked(council, problem)
        self.problems[problem] += 1

    def fallback(self, council: str, reason: FallbackReason, detail: str) -> None:
        super().fallback(council, reason, detail)
        self.fallback_reasons[reason.value] += 1

    def answered(self, council: str, first_token_seconds: float, total_seconds: float) -> None:
        super().answered(council, first_token_seconds, total_seconds)
        self.first_tokens.append(first_token_seconds)
        self.calls.append(total_seconds)


def recording(engine: DialogueEngine) -> tuple[DialogueEngine, RecordingMetrics]:
    """`engine` with its model client counting into a `RecordingMetrics` of its own (a new
    client with the same settings, unless the engine's counts into one already).
    Raises ValueError when the engine has no model (ALI_LLM__PROVIDER is none)."""
    services = engine.services
    setup = services.model
    if setup is None:
        raise ValueError(
            "the model suite needs a model: set ALI_LLM__PROVIDER, ALI_LLM__BASE_URL and "
            "ALI_LLM__MODEL (docs/llm.md, 'Connecting a model')"
        )
    if isinstance(setup.client.metrics, RecordingMetrics):
        return engine, setup.client.metrics  # counting for this run already
    metrics = RecordingMetrics()
    client = ModelClient(setup.client.config, setup.client.council_id, metrics=metrics)
    model = replace(setup, client=client)  # the same loop, checks and passage search
    return DialogueEngine(replace(services, model=model)), metrics


def catalogue_sources(catalogue: Catalogue, procedure_id: str | None) -> list[str]:
    """What a reply may take facts from: the procedure's full text in each of its languages
    (as the model is given it, links as written) and the council's contact details."""
    profile = catalogue.profile
    sources = [profile.contact.model_dump_json(), *(o.model_dump_json() for o in profile.offices)]
    if procedure_id is None or procedure_id not in catalogue:
        return sources
    procedure = catalogue.get(procedure_id)
    for language in procedure.text:
        sources += answer_context(catalogue, procedure, language, LinkTokens())[1]
    return sources


@dataclass(frozen=True)
class ModelOutcome:
    case: AnswerCase
    reply: str
    answered_by: str
    status: str
    procedure_id: str | None
    seconds: float
    deltas: tuple[str, ...]  # the streamed sentences after the last "reset" (what stays shown)
    resets: int  # streams taken back (the catalogue's reply replaced what was streamed)
    unsupported: tuple[str, ...]  # "kind: text" of each unsupported fact in the final reply

    @property
    def fact_stated(self) -> bool:
        return stated(first_sentence(self.reply), self.case.fact) is not None

    @property
    def streamed_in_reply(self) -> bool:
        """Every streamed delta is part of the final reply (nothing shown was taken back)."""
        return all(delta.strip() in self.reply for delta in self.deltas)


def run_case(engine: DialogueEngine, case: AnswerCase) -> ModelOutcome:
    """One question as the first turn of its own conversation, streamed."""
    deltas: list[str] = []
    resets = 0

    def sink(event: str, data: str) -> None:
        nonlocal resets
        if event == "reset":
            deltas.clear()
            resets += 1
        elif event == "delta":
            deltas.append(data)

    started = time.perf_counter()
    reply = engine.chat(case.question, None, stream=sink)
    seconds = time.perf_counter() - started
    sources = catalogue_sources(engine.catalogue, reply.procedure_id)
    unsupported = tuple(
        f"{f.kind.value}: {f.text}" for f in unsupported_facts(reply.reply, sources)
    )
    return ModelOutcome(
        case,
        reply.reply,
        reply.answered_by,
        reply.status,
        reply.procedure_id,
        seconds,
        tuple(deltas),
        resets,
        unsupported,
    )


def _percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[round(share * 100) - 1], 3)


def _rate(outcomes: Sequence[ModelOutcome]) -> float | None:
    return sum(o.fact_stated for o in outcomes) / len(outcomes) if outcomes else None


@dataclass(frozen=True)
class ModelReport:
    outcomes: list[ModelOutcome]
    fallbacks: dict[str, int]
    checks: dict[str, int]
    first_tokens: list[float] = field(default_factory=list)

    @property
    def unsupported(self) -> list[ModelOutcome]:
        return [o for o in self.outcomes if o.unsupported]

    def as_dict(self) -> dict[str, object]:
        turns = [o.seconds for o in self.outcomes]
        by_model = [o for o in self.outcomes if o.answered_by == "model"]
        return {
            "questions": len(self.outcomes),
            "answered_by": dict(Counter(o.answered_by for o in self.outcomes)),
            "status": dict(Counter(o.status for o in self.outcomes)),
            "fallbacks": self.fallbacks,
            "checks": self.checks,
            "unsupported_replies": len(self.unsupported),
            "stream_resets": sum(o.resets for o in self.outcomes),
            "streamed_not_in_reply": sum(not o.streamed_in_reply for o in self.outcomes),
            "first_token_seconds": {
                "n": len(self.first_tokens),
                "p50": _percentile(self.first_tokens, 0.5),
                "p95": _percentile(self.first_tokens, 0.95),
            },
            "turn_seconds": {"p50": _percentile(turns, 0.5), "p95": _percentile(turns, 0.95)},
            "fact_rate_model": _rate(by_model),
            "fact_rate_all": _rate(self.outcomes),
            "unsupported": [
                {"question": o.case.question, "answered_by": o.answered_by, "facts": o.unsupported}
                for o in self.unsupported
            ],
        }


def evaluate(engine: DialogueEngine, cases: Iterable[AnswerCase]) -> ModelReport:
    """Runs `cases` through `engine` with its model, counting into metrics of the run's own."""
    engine, metrics = recording(engine)
    outcomes = [run_case(engine, case) for case in cases]
    return ModelReport(
        outcomes, dict(metrics.fallback_reasons), dict(metrics.problems), metrics.first_tokens
    )
