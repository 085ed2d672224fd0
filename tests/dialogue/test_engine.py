"""The engine runs the whole pipeline: one canonical log line per turn with each step's time
and the status; crisis detection once per turn; a failing step an error reply, not a 500."""

from __future__ import annotations

import dataclasses

import pytest
import structlog

from ali.dialogue.engine import DialogueEngine
from ali.dialogue.pipeline import chat_pipeline
from ali.dialogue.reply import Draft
from ali.dialogue.runner import Step
from ali.dialogue.services import DialogueServices
from ali.dialogue.turn import Turn
from ali.safety.crisis import Crisis, detect_crisis


def test_the_turns_log_line_has_each_steps_time_and_the_status(
    services: DialogueServices,
) -> None:
    with structlog.testing.capture_logs() as logs:
        reply = DialogueEngine(services).chat("¿cuánto cuesta el volante de empadronamiento?")
    [line] = [entry for entry in logs if entry["event"] == "chat_turn"]
    assert line["status"] == reply.status == "answered"
    assert line["ended_by"] == "answer"
    assert list(line["steps"]) == [
        "input_guard", "conversation", "language", "signals", "safety", "form", "routing",
        "action", "answer", "output", "persist",
    ]  # fmt: skip
    assert all(ms >= 0 for ms in line["steps"].values())
    assert "cuánto cuesta" not in str(line)  # never what the citizen wrote


def test_a_crisis_is_looked_for_once_per_turn(
    services: DialogueServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[str] = []

    def counted(text: str) -> Crisis | None:
        looked.append(text)
        return detect_crisis(text)

    monkeypatch.setattr("ali.intents.router.detect_crisis", counted)
    DialogueEngine(services).chat("¿cuánto cuesta el volante de empadronamiento?")
    assert len(looked) == 1


def test_a_step_that_fails_is_an_error_reply_and_the_turn_is_kept(
    services: DialogueServices,
) -> None:
    class Broken:
        name = "answer"

        def run(self, turn: Turn) -> Draft | None:
            raise RuntimeError("a bug")

    default = chat_pipeline(services)
    steps: list[Step] = [Broken() if step.name == "answer" else step for step in default.steps]
    engine = DialogueEngine(services, pipeline=dataclasses.replace(default, steps=steps))
    reply = engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.status == "error" and reply.reply
    assert reply.turn == 2  # saved: the citizen's message and the apology
    again = engine.chat("hola", reply.conversation_id)
    assert again.conversation_id == reply.conversation_id and again.turn == 4


def test_a_conversation_that_cannot_be_loaded_is_an_error_reply_not_a_crash(
    services: DialogueServices,
) -> None:
    class Broken:
        name = "conversation"

        def run(self, turn: Turn) -> Draft | None:
            raise ValueError("an unreadable state")

    default = chat_pipeline(services)
    steps: list[Step] = [Broken() if s.name == "conversation" else s for s in default.steps]
    engine = DialogueEngine(services, pipeline=dataclasses.replace(default, steps=steps))
    reply = engine.chat("hola", "c0ffee")
    assert reply.status == "error" and reply.conversation_id == "c0ffee"
    assert reply.language == services.profile.default_language
