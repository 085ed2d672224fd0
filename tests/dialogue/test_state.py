"""The typed conversation state reads and writes the JSON stored conversations already hold."""

from __future__ import annotations

import copy

from ali.dialogue.state import ChoiceAbout, ConversationState, FormState

# A state as the engine stored it before the state was typed (every key it ever wrote).
TODAY = {
    "owner": "5c1d0e6a9f3b4e2d8c7a6b5f4e3d2c1b",
    "form": {
        "id": "0f8e1c2b3a4d5e6f7a8b9c0d1e2f3a4b",
        "action": "citas.book_appointment",
        "procedure_id": "citas.cita-previa",
        "values": {"service": "padron", "phone": "__personal__"},
        "filled": ["service", "phone"],
        "current": "time",
        "confirming": False,
        "options": {
            "time": [
                {"value": "t-0900", "label": {"es": "9:00", "va": "9:00", "en": "9:00"}},
                {"value": "t-0930", "label": {"es": "9:30", "va": "9:30", "en": "9:30"}},
            ]
        },
    },
    "candidates": ["padron.volante", "padron.certificado"],
    "candidates_for": "action",
    "offer": "handoff.callback",
}


def test_a_state_in_todays_format_round_trips_unchanged() -> None:
    stored = copy.deepcopy(TODAY)
    state = ConversationState.from_json(stored)
    assert state.to_json() == TODAY
    assert stored == TODAY  # reading does not change what was stored


def test_the_typed_state_says_what_the_keys_meant() -> None:
    state = ConversationState.from_json(copy.deepcopy(TODAY))
    assert state.owner == TODAY["owner"]
    assert state.form is not None and state.form.current == "time"
    assert state.form.values["phone"] == "__personal__"
    assert [option.value for option in state.form.offered("time")] == ["t-0900", "t-0930"]
    assert state.pending is not None and state.pending.about is ChoiceAbout.ACTION
    assert state.pending.candidates == ["padron.volante", "padron.certificado"]
    assert state.offer == "handoff.callback"


def test_absent_keys_stay_absent_and_unknown_keys_are_kept() -> None:
    assert ConversationState.from_json({}).to_json() == {}
    assert ConversationState.from_json({"owner": "x"}).to_json() == {"owner": "x"}
    later = {"owner": "x", "step": 3, "from_a_newer_version": {"a": [1]}}
    assert ConversationState.from_json(later).to_json() == later


def test_a_form_without_dynamic_options_stores_no_options_key() -> None:
    form = FormState(id="f", action="a", current="date")
    assert "options" not in form.to_json()
    assert FormState.from_json(form.to_json()) == form


def test_dropping_the_form_and_the_choice_removes_their_keys() -> None:
    state = ConversationState.from_json(copy.deepcopy(TODAY))
    state.form = None
    state.pending = None
    state.offer = None
    assert state.to_json() == {"owner": TODAY["owner"]}
