"""FormFlow on its own: dynamic options, their absence, personal values."""

from __future__ import annotations

import datetime as dt

from ali.dialogue.form_flow import PERSONAL, FormFlow, PersonalValues, new_form_state
from ali.dialogue.forms import FormSpec, Option, Slot, SlotKind
from ali.intents.labels import Intent

T = {"es": "x", "va": "x", "en": "x"}
TODAY = dt.date(2026, 11, 23)
SPEC = FormSpec(
    action="demo",
    title=T,  # type: ignore[arg-type]
    slots=(
        Slot("date", SlotKind.DATE, T, T),  # type: ignore[arg-type]
        Slot("time", SlotKind.CHOICE, T, T, dynamic=True),  # type: ignore[arg-type]
        Slot("phone", SlotKind.PHONE, T, T, personal=True),  # type: ignore[arg-type]
    ),
)


def times(slot: Slot, values: dict[str, str]) -> list[Option]:
    if values["date"] == "2026-11-24":
        return []  # fully booked
    label = {"es": "09:30", "va": "09:30", "en": "09:30"}
    return [Option("slot-1", label), Option("slot-2", {**label, "es": "10:00"})]  # type: ignore[dict-item]


def test_dynamic_options_are_offered_and_chosen_by_number() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    step = flow.handle(SPEC, state, "el miércoles", "es", TODAY, times)
    assert state["current"] == "time"
    assert "1. 09:30" in step.reply and "2. 10:00" in step.reply
    flow.handle(SPEC, state, "2", "es", TODAY, times)
    assert state["values"]["time"] == "slot-2"


def test_no_options_goes_back_to_the_previous_question() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    step = flow.handle(SPEC, state, "mañana", "es", TODAY, times)
    assert step.reply.startswith("No hay opciones disponibles")
    assert state["current"] == "date"
    assert "date" not in state["values"]


def test_personal_values_stay_out_of_the_state_until_confirmed() -> None:
    personal = PersonalValues()
    flow = FormFlow(personal)
    state = new_form_state(SPEC, None)
    for answer in ("el miércoles", "1", "612 345 678"):
        step = flow.handle(SPEC, state, answer, "es", TODAY, times)
    assert step.intent is Intent.CONFIRMATION
    assert state["values"]["phone"] == PERSONAL
    assert "612345678" not in str(state)
    done = flow.handle(SPEC, state, "sí", "es", TODAY, times)
    assert done.confirmed_values == {"date": "2026-11-25", "time": "slot-1", "phone": "612345678"}


def test_a_lost_personal_value_is_asked_again() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    for answer in ("el miércoles", "1", "612 345 678"):
        flow.handle(SPEC, state, answer, "es", TODAY, times)
    restarted = FormFlow(PersonalValues())  # a new process: memory is empty
    step = restarted.handle(SPEC, state, "sí", "es", TODAY, times)
    assert step.confirmed_values is None
    assert state["current"] == "phone"
