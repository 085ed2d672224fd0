from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ali.actions.registry import ActionRegistry
from ali.answers.aspects import detect_aspects
from ali.connectors.rehearsal import RehearsalAction
from ali.dialogue.form_actions import FormActions
from ali.dialogue.services import DialogueServices
from ali.dialogue.status import TurnStatus
from ali.dialogue.steps.action import StartAction
from ali.dialogue.steps.routing import Routing
from ali.dialogue.turn import Turn
from ali.identity.citizen import Citizen
from ali.intents.labels import Intent
from ali.intents.router import Route


def _routed(services: DialogueServices, turn: Turn) -> Turn:
    Routing(services).run(turn)
    return turn


def _step(services: DialogueServices) -> StartAction:
    return StartAction(services, FormActions(services))


def test_asking_to_book_starts_the_form(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("quiero pedir cita previa", "routing")
    turn.route = Route(Intent.PROCEDURE_ACTION, "citas.cita-previa", confidence=0.8)
    draft = _step(services).run(turn)
    assert draft is not None and draft.intent is Intent.PROCEDURE_ACTION
    assert draft.outcome is TurnStatus.FORM_STEP
    assert turn.state.form is not None and turn.state.form.action == "citas.book_appointment"


def test_an_action_for_signed_in_citizens_asks_to_sign_in(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    booking = services.actions.get("citas.book_appointment")
    assert booking is not None
    guarded = RehearsalAction(booking.form, requires_identity=True)
    services = dataclasses.replace(services, actions=ActionRegistry([guarded]))
    turn = prepare("quiero pedir cita previa", "routing")
    turn.route = Route(Intent.PROCEDURE_ACTION, "citas.cita-previa", confidence=0.8)
    draft = _step(services).run(turn)
    assert draft is not None and draft.needs_sign_in
    assert draft.outcome is TurnStatus.SIGN_IN and turn.state.form is None


def test_a_sign_in_notice_follows_the_answer_to_what_was_asked(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    booking = services.actions.get("citas.book_appointment")
    assert booking is not None
    guarded = RehearsalAction(booking.form, requires_identity=True)
    services = dataclasses.replace(services, actions=ActionRegistry([guarded]))
    question = "quiero pedir cita previa, ¿qué documentos necesito?"
    turn = prepare(question, "routing")
    turn.route = Route(Intent.PROCEDURE_ACTION, "citas.cita-previa", confidence=0.8)
    draft = _step(services).run(turn)
    assert draft is not None and draft.needs_sign_in
    lead, notice = draft.reply.split("\n\n")[:2]
    assert lead.startswith("**") and "identificarte" not in lead
    assert services.composer.procedure_answer(
        services.catalogue.get("citas.cita-previa"), "es", detect_aspects(question)
    ).reply.startswith(lead)
    assert "identificarte" in notice


def test_a_status_question_without_a_lookup_passes_on_to_the_answer(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("mis citas", "routing")
    # citas.list_appointments is not among this council's configured actions
    turn.route = Route(Intent.STATUS_CHECK, "citas.cita-previa", confidence=1.0)
    assert _step(services).run(turn) is None


def test_an_action_that_is_not_connected_is_explained(
    services: DialogueServices, prepare: Callable[..., Turn], citizen: Citizen
) -> None:
    turn = prepare("quiero anular mi cita", "routing", citizen=citizen)
    # citas.cancel_appointment is not among this council's configured actions
    turn.route = Route(Intent.PROCEDURE_ACTION, "citas.cita-previa", confidence=0.8)
    draft = _step(services).run(turn)
    assert draft is not None and draft.outcome is TurnStatus.ANSWERED
    assert draft.sources and turn.state.form is None


def test_a_yes_to_the_callback_offer_starts_its_form(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = _routed(services, prepare("sí", "routing", state={"offer": "handoff.callback"}))
    draft = _step(services).run(turn)
    assert draft is not None and draft.outcome is TurnStatus.FORM_STEP
    assert turn.state.form is not None and turn.state.form.action == "handoff.callback"


def test_information_passes_on_to_the_answer(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = _routed(services, prepare("¿cuánto cuesta el volante de empadronamiento?", "routing"))
    assert _step(services).run(turn) is None
