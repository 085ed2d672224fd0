from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.output_check import OutputCheck
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent


def test_a_pending_choice_is_dropped_by_any_reply_but_a_clarification(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    pending = {"candidates": ["padron.volante"], "candidates_for": "info"}
    turn = prepare("hola", "answer", state=pending)
    turn.end(Draft(Intent.GREETING, "Hola"), "answer")
    OutputCheck(services).run(turn)
    assert turn.state.pending is None
    kept = prepare("padrón", "answer", state=pending)
    kept.end(Draft(Intent.CLARIFY, "¿Cuál?"), "answer")
    OutputCheck(services).run(kept)
    assert kept.state.pending is not None


def test_a_side_question_is_followed_by_the_forms_question_and_buttons(
    services: DialogueServices,
    prepare: Callable[..., Turn],
    form_state: Callable[..., dict[str, Any]],
) -> None:
    turn = prepare("¿cuánto cuesta?", "answer", state=form_state())
    turn.resume_form = True
    turn.end(Draft(Intent.PROCEDURE_INFO, "Es gratis.", "padron.volante"), "answer")
    OutputCheck(services).run(turn)
    assert turn.draft.reply.startswith("Es gratis.\n\n")
    assert "¿Para qué servicio?" in turn.draft.reply
    assert turn.form_view is not None and turn.form_view.slot == "service"
    assert [s.label for s in turn.draft.suggestions] == ["Padrón", "Tributos"]
    assert turn.conversation.procedure_id == "padron.volante"


def test_personal_data_written_unasked_gets_a_privacy_note(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("mi dni es 12345678Z, ¿cuánto cuesta el volante?", "answer")
    turn.end(Draft(Intent.PROCEDURE_INFO, "Es gratis."), "answer")
    OutputCheck(services).run(turn)
    assert turn.draft.reply != "Es gratis."
    assert turn.draft.reply.startswith("Es gratis.\n\n")


def test_an_emergency_does_not_become_the_current_procedure(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("hola", "answer", procedure_id="padron.volante")
    turn.end(Draft(Intent.EMERGENCY, "112", "padron.alta"), "safety")
    OutputCheck(services).run(turn)
    assert turn.conversation.procedure_id == "padron.volante"
