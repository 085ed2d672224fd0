"""Intent evaluation: accuracy, per-intent precision/recall/F1, and abstention behaviour on
`evals/intents.jsonl` (single messages) and `evals/dialogues.yaml` (multi-turn).

"Abstains when it should": of the messages labelled `clarify` or `out_of_scope`, the share the
assistant did not answer as a procedure. "Answers when it should": of the messages labelled
with a procedure intent, the share it did not abstain on (clarify / out_of_scope).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from ali.catalogue.schema import Language
from ali.dialogue.engine import DialogueEngine
from ali.intents.router import IntentRouter
from ali.retrieval.hybrid import SearchResult
from ali.safety.guard import clean
from ali.settings import IntentSettings

ABSTAIN = frozenset({"clarify", "out_of_scope"})
ANSWER = frozenset({"procedure_info", "procedure_action", "referral", "status_check"})


class IntentCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    language: Language
    intent: str
    procedure_id: str | None = None
    candidates: list[str] = []
    tags: list[str] = []


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intent: str
    procedure_id: str | None = None


class DialogueTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    expect: Expectation


class Dialogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    language: Language
    turns: list[DialogueTurn]


@dataclass
class Prediction:
    text: str
    expected: str
    predicted: str
    expected_procedure: str | None
    predicted_procedure: str | None

    @property
    def intent_ok(self) -> bool:
        return self.expected == self.predicted

    @property
    def ok(self) -> bool:
        procedure_ok = (
            self.expected_procedure is None or self.expected_procedure == self.predicted_procedure
        )
        return self.intent_ok and procedure_ok


@dataclass
class IntentReport:
    count: int
    accuracy: float  # intent right
    exact: float  # intent and procedure right
    per_intent: dict[str, dict[str, float]]
    abstains_when_it_should: float
    answers_when_it_should: float
    confusion: dict[str, dict[str, int]]
    errors: list[Prediction] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "accuracy": self.accuracy,
            "exact": self.exact,
            "per_intent": self.per_intent,
            "abstains_when_it_should": self.abstains_when_it_should,
            "answers_when_it_should": self.answers_when_it_should,
            "confusion": self.confusion,
            "errors": [vars(error) for error in self.errors],
        }


@dataclass
class DialogueReport:
    dialogues: int
    turns: int
    turn_accuracy: float
    dialogue_success: float
    failures: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return vars(self)


def load_intent_cases(path: Path) -> list[IntentCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [IntentCase.model_validate(json.loads(line)) for line in lines if line.strip()]


def load_dialogues(path: Path) -> list[Dialogue]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Dialogue.model_validate(item) for item in raw]


def score(predictions: list[Prediction]) -> IntentReport:
    n = len(predictions) or 1
    labels = sorted({p.expected for p in predictions} | {p.predicted for p in predictions})
    per_intent: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for p in predictions if p.expected == label and p.predicted == label)
        predicted = sum(1 for p in predictions if p.predicted == label)
        actual = sum(1 for p in predictions if p.expected == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[label] = {
            "support": actual,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }
    should_abstain = [p for p in predictions if p.expected in ABSTAIN]
    should_answer = [p for p in predictions if p.expected in ANSWER]
    confusion: dict[str, Counter[str]] = {}
    for p in predictions:
        confusion.setdefault(p.expected, Counter())[p.predicted] += 1
    return IntentReport(
        count=len(predictions),
        accuracy=sum(p.intent_ok for p in predictions) / n,
        exact=sum(p.ok for p in predictions) / n,
        per_intent=per_intent,
        abstains_when_it_should=(
            sum(p.predicted in ABSTAIN for p in should_abstain) / len(should_abstain)
            if should_abstain
            else 0.0
        ),
        answers_when_it_should=(
            sum(p.predicted not in ABSTAIN for p in should_answer) / len(should_answer)
            if should_answer
            else 0.0
        ),
        confusion={label: dict(counter) for label, counter in confusion.items()},
        errors=[p for p in predictions if not p.ok],
    )


def evaluate_intents(engine: DialogueEngine, cases: list[IntentCase]) -> IntentReport:
    predictions = []
    for case in cases:
        reply = engine.chat(case.text, None)
        predictions.append(
            Prediction(case.text, case.intent, reply.intent, case.procedure_id, reply.procedure_id)
        )
    return score(predictions)


def evaluate_dialogues(engine: DialogueEngine, dialogues: list[Dialogue]) -> DialogueReport:
    turns = correct = succeeded = 0
    failures: list[dict[str, object]] = []
    for dialogue in dialogues:
        conversation_id: str | None = None
        all_ok = True
        for number, turn in enumerate(dialogue.turns, start=1):
            reply = engine.chat(turn.user, conversation_id)
            conversation_id = reply.conversation_id
            expected = turn.expect
            ok = reply.intent == expected.intent and (
                expected.procedure_id is None or reply.procedure_id == expected.procedure_id
            )
            turns += 1
            correct += ok
            if not ok:
                all_ok = False
                failures.append(
                    {
                        "dialogue": dialogue.name,
                        "turn": number,
                        "user": turn.user,
                        "expected": expected.model_dump(),
                        "got": {"intent": reply.intent, "procedure_id": reply.procedure_id},
                    }
                )
        succeeded += all_ok
    return DialogueReport(
        dialogues=len(dialogues),
        turns=turns,
        turn_accuracy=correct / turns if turns else 0.0,
        dialogue_success=succeeded / len(dialogues) if dialogues else 0.0,
        failures=failures,
    )


def calibrate_router(
    engine: DialogueEngine, cases: list[IntentCase], settings: IntentSettings, passes: int = 2
) -> tuple[IntentSettings, float]:
    """Coordinate descent over the router's thresholds, maximising exact accuracy (intent and
    procedure right) on `cases`. Retrieval and example scores are computed once per case."""
    prepared = []
    part_cache: dict[str, SearchResult] = {}

    def searcher(part: str) -> SearchResult:
        if part not in part_cache:
            part_cache[part] = engine.retriever.search(part)
        return part_cache[part]

    for case in cases:
        message = clean(case.text)
        prepared.append((case, message, engine.signals(message)))

    def accuracy(candidate: IntentSettings) -> float:
        router = IntentRouter(engine.catalogue, candidate)
        right = 0
        for case, message, signals in prepared:
            route = router.route(
                message,
                case.language,
                signals.search,
                signals.scores,
                searcher,
                only_id_method=signals.only_id_method,
            )
            procedure_ok = case.procedure_id is None or case.procedure_id == route.procedure_id
            right += route.intent.value == case.intent and procedure_ok
        return right / len(prepared)

    grid: dict[str, list[float]] = {
        "conversational_similarity": [0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92, 0.93],
        "conversational_margin": [-0.02, -0.01, 0.0, 0.01, 0.02, 0.03, 0.04],
        "out_of_scope_similarity": [0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92],
        "crisis_similarity": [0.89, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 1.01],
        "blocked_similarity": [0.89, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 1.01],
        "near_miss_similarity": [0.80, 0.82, 0.84, 0.86, 1.01],
        "vague_max_words": [1, 2, 3, 4, 5],
    }
    best = settings
    best_score = accuracy(best)
    for _ in range(passes):
        for name, values in grid.items():
            for value in values:
                candidate = best.model_copy(update={name: value})
                score = accuracy(candidate)
                if score > best_score:
                    best, best_score = candidate, score
    return best, best_score
