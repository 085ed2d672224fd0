"""Fixtures for the steps of a chat turn: the hashing-embedder council's services with a fresh
in-memory conversation store, and `prepare`, which runs the real steps that come before the
one under test (so each test starts from the turn that step would really see)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from ali.dialogue.form_flow import new_form_state
from ali.dialogue.pipeline import chat_pipeline
from ali.dialogue.services import DialogueServices
from ali.dialogue.turn import Turn, TurnRequest
from ali.identity.citizen import Citizen
from ali.storage.conversations import Conversation

APPOINTMENT = "citas.book_appointment"


@pytest.fixture
def citizen() -> Citizen:
    return Citizen("12345678Z", "Ana")


@pytest.fixture
def prepare(services: DialogueServices) -> Callable[..., Turn]:
    def prepare(
        text: str,
        until: str,
        *,
        state: dict[str, Any] | None = None,
        procedure_id: str | None = None,
        language: str | None = None,
        citizen: Citizen | None = None,
    ) -> Turn:
        conversation_id = None
        if state is not None or procedure_id is not None:
            stored = Conversation(
                council_id="alicante",
                language="es",
                procedure_id=procedure_id,
                state=state or {},
                turn_count=2,
            )
            services.conversations.save(stored)
            conversation_id = stored.id
        turn = Turn(TurnRequest(text, conversation_id, language, citizen))
        steps = chat_pipeline(services).steps
        assert until in [step.name for step in steps], until
        for step in steps:
            if step.name == until:
                return turn
            assert step.run(turn) is None, f"{step.name} ended the turn"
        raise AssertionError("unreachable")

    return prepare


@pytest.fixture
def form_state(services: DialogueServices) -> Callable[..., dict[str, Any]]:
    """The stored state of a conversation filling the appointment form, as JSON."""

    def form_state(**changes: Any) -> dict[str, Any]:
        action = services.actions.get(APPOINTMENT)
        assert action is not None
        form = dataclasses.replace(new_form_state(action.form, "citas.cita-previa"), **changes)
        return {"form": form.to_json()}

    return form_state
