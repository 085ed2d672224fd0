"""A chat turn at the appointment form's date: a holiday is refused with its name and the next
working day offered (the hashing-embedder council, its calendar from the Alicante profile)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ali.catalogue.profile import CouncilProfile
from ali.dialogue.form_actions import FormActions
from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.active_form import ActiveForm
from ali.dialogue.turn import Turn


def test_the_chat_turn_refuses_8_december_and_offers_the_9th(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    morning = dt.datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Madrid"))
    monkeypatch.setattr(CouncilProfile, "now", lambda self: morning)
    state = form_state(
        values={"service": "padron", "office": "oac-seneca"},
        filled=["service", "office"],
        current="date",
    )
    turn = prepare("el 8 de diciembre", "form", state=state)
    draft = ActiveForm(services, FormActions(services)).run(turn)
    assert draft is not None
    assert "es festivo (Inmaculada Concepción)" in draft.reply
    assert "miércoles 9 de diciembre" in draft.reply
    assert turn.state.form is not None and "date" not in turn.state.form.values
