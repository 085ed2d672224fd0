"""The answers suite: each question in a conversation of its own, the fact looked for in the
reply's first sentence, figures per language and overall; a stub assistant, then the real engine."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import ValidationError

from ali.councils import Councils
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.reply import ChatReply
from ali.evaluation.answers import (
    AnswerCase,
    evaluate_sets,
    load_answer_cases,
    report,
    run_answers,
)

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StubReply:
    reply: str
    procedure_id: str | None
    language: str = "es"


class StubAssistant:
    """Answers from a table of question -> (reply, procedure), noting each conversation id."""

    def __init__(self, replies: dict[str, tuple[str, str | None]]) -> None:
        self.replies = replies
        self.conversations: list[str | None] = []

    def chat(self, message_text: str, conversation_id: str | None = None) -> StubReply:
        self.conversations.append(conversation_id)
        text, procedure = self.replies[message_text]
        return StubReply(text, procedure)


class RecordingEngine:
    """The real engine, noting the conversation each reply belongs to."""

    def __init__(self, engine: DialogueEngine) -> None:
        self.engine = engine
        self.conversations: list[str] = []

    def chat(self, message_text: str, conversation_id: str | None = None) -> ChatReply:
        reply = self.engine.chat(message_text, conversation_id)
        self.conversations.append(reply.conversation_id)
        return reply


def case(question: str, procedure: str, fact: list[str], language: str = "es") -> AnswerCase:
    return AnswerCase.model_validate(
        {
            "question": question,
            "language": language,
            "procedure": procedure,
            "aspect": "cost",
            "fact": fact,
        }
    )


def test_a_case_without_an_accepted_fact_or_with_an_unknown_aspect_is_refused() -> None:
    with pytest.raises(ValidationError):
        case("¿cuánto cuesta?", "padron.volante", [])
    with pytest.raises(ValidationError):
        AnswerCase.model_validate(
            {
                "question": "q",
                "language": "es",
                "procedure": "padron.volante",
                "aspect": "price",
                "fact": ["gratis"],
            }
        )


def test_the_fact_counts_only_in_the_first_sentence() -> None:
    cases = [
        case("¿cuánto cuesta el volante?", "padron.volante", ["gratuito"]),
        case("¿hasta cuándo el IBI?", "tributos.ibi", ["30 de junio"]),
    ]
    assistant = StubAssistant(
        {
            "¿cuánto cuesta el volante?": (
                "**Coste**: Gratuito. Pídelo en la sede.",
                "padron.volante",
            ),
            "¿hasta cuándo el IBI?": (
                "El IBI es un impuesto. Se paga hasta el 30 de junio.",
                "tributos.ibi",
            ),
        }
    )
    outcomes = run_answers(assistant, cases)
    assert [o.fact_stated for o in outcomes] == [True, False]
    assert assistant.conversations == [None, None]  # each question starts a conversation
    scores = report(outcomes).overall
    assert (scores.count, scores.fact_rate, scores.procedure_rate) == (2, 0.5, 1.0)


def test_scores_per_language_and_overall_with_the_median_length() -> None:
    cases = [
        case("a", "padron.volante", ["gratis"]),
        case("b", "padron.volante", ["gratis"]),
        case("c", "padron.volante", ["free"], language="en"),
    ]
    assistant = StubAssistant(
        {
            "a": ("Es gratis.", "padron.volante"),  # 10 characters
            "b": ("ES GRATIS, sin cita.", "padron.alta"),  # 20, the wrong procedure
            "c": ("It costs nothing at all, really.", "padron.volante"),  # 32, no fact
        }
    )
    result = report(run_answers(assistant, cases))
    assert result.overall.median_chars == 20.0
    assert result.by_language["es"].fact_rate == 1.0
    assert result.by_language["es"].procedure_rate == 0.5
    assert result.by_language["es"].median_chars == 15.0
    assert result.by_language["en"].fact_rate == 0.0
    # A failure misses the fact or the procedure: "b" and "c", with what the citizen read first.
    failures = result.as_dict()["failures"]
    assert isinstance(failures, list)
    assert [(f["question"], f["procedure"], f["first_sentence"]) for f in failures] == [
        ("b", "padron.alta", "ES GRATIS, sin cita."),
        ("c", "padron.volante", "It costs nothing at all, really."),
    ]


def test_an_empty_set_scores_zero() -> None:
    assert report([]).overall.count == 0


def test_the_sets_in_evals_are_valid_balanced_and_name_catalogue_procedures(
    hashing_councils: Councils,
) -> None:
    catalogue = hashing_councils.catalogue("alicante")
    dev = load_answer_cases(REPO / "evals/answers.jsonl")
    heldout = load_answer_cases(REPO / "evals/answers_heldout.jsonl")
    assert len(dev) >= 85 and len(heldout) >= 65
    for cases in (dev, heldout):
        counts = {lang: sum(c.language == lang for c in cases) for lang in ("es", "va", "en")}
        if cases is heldout:  # the target's set: each language weighs the same in its figure
            assert max(counts.values()) - min(counts.values()) <= 2, counts
        else:  # the dev set grows by batches (one weighted to Spanish): none left far behind
            assert min(counts.values()) >= len(cases) / 4, counts
        for answer_case in cases:
            catalogue.get(answer_case.procedure)  # raises on an unknown id
    assert not {c.question.lower() for c in dev} & {c.question.lower() for c in heldout}


def test_the_real_engine_answers_each_question_in_a_new_conversation(
    hashing_councils: Councils, tmp_path: Path
) -> None:
    rows = [
        {
            "question": "¿Cuánto cuesta el volante de empadronamiento?",
            "language": "es",
            "procedure": "padron.volante",
            "aspect": "cost",
            "fact": ["gratis", "gratuito"],
        },
        {
            "question": "¿Cuánto cuesta el volante de empadronamiento?",
            "language": "es",
            "procedure": "padron.volante",
            "aspect": "cost",
            "fact": ["gratis", "gratuito"],
        },
    ]
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    engine = RecordingEngine(hashing_councils.runtime("alicante").engine)
    result = evaluate_sets(engine, {"tiny": path})["tiny"]
    assert len(set(engine.conversations)) == 2  # the second question is no follow-up
    assert result.overall.count == 2
    assert result.overall.procedure_rate == 1.0
    assert result.overall.fact_rate == 1.0
    assert result.overall.median_chars > 0
