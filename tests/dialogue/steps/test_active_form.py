from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ali.dialogue.form_actions import FormActions
from ali.dialogue.services import DialogueServices
from ali.dialogue.status import TurnStatus
from ali.dialogue.steps.active_form import ActiveForm
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent


def _step(services: DialogueServices) -> ActiveForm:
    return ActiveForm(services, FormActions(services))


def test_without_a_form_the_turn_passes_on(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("padrón", "form")
    assert _step(services).run(turn) is None


def test_an_answer_fills_the_slot_and_asks_the_next(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    turn = prepare("padrón", "form", state=form_state())
    draft = _step(services).run(turn)
    assert draft is not None and draft.intent is Intent.FORM_STEP
    assert draft.outcome is TurnStatus.FORM_STEP
    assert turn.state.form is not None
    assert turn.state.form.values == {"service": "padron"} and turn.state.form.current == "date"


def test_a_side_question_passes_on_and_the_form_is_resumed_after(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    state = form_state(values={"service": "padron"}, filled=["service"], current="date")
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "form", state=state)
    assert _step(services).run(turn) is None
    assert turn.resume_form and turn.state.form is not None


def test_cancelling_ends_the_turn_and_drops_the_form(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    turn = prepare("cancelar", "form", state=form_state())
    draft = _step(services).run(turn)
    assert draft is not None and draft.outcome is TurnStatus.FORM_STEP
    assert turn.state.form is None


def test_a_form_whose_action_is_gone_is_dropped_and_the_turn_goes_on(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    turn = prepare("padrón", "form", state=form_state(action="no.longer.configured"))
    assert _step(services).run(turn) is None
    assert turn.state.form is None


def test_confirming_runs_the_action(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    values = {"service": "padron", "date": "2030-03-04", "people": "2"}
    state = form_state(values=values, filled=list(values), current=None, confirming=True)
    turn = prepare("sí", "form", state=state)
    draft = _step(services).run(turn)
    assert draft is not None and draft.outcome is TurnStatus.ACTION_RESULT
    assert turn.state.form is None
