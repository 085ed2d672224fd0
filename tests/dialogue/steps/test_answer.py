from __future__ import annotations

from collections.abc import Callable

from ali.dialogue.services import DialogueServices
from ali.dialogue.state import ChoiceAbout
from ali.dialogue.status import TurnStatus
from ali.dialogue.steps.answer import CatalogueAnswer
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.intents.router import Route


def _answer(services: DialogueServices, turn: Turn, route: Route) -> Turn:
    turn.route = route
    draft = CatalogueAnswer(services).run(turn)
    assert draft is not None
    turn.end(draft, "answer")
    return turn


def test_a_procedure_question_is_answered_from_the_catalogue(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "answer")
    _answer(services, turn, Route(Intent.PROCEDURE_INFO, "padron.volante", confidence=0.9))
    assert turn.draft.outcome is TurnStatus.ANSWERED
    assert turn.draft.procedure_id == "padron.volante" and turn.draft.sources


def test_a_clarification_leaves_its_candidates_pending(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("padrón", "answer")
    route = Route(Intent.CLARIFY, candidates=["padron.volante", "padron.alta"], wants_action=True)
    _answer(services, turn, route)
    assert turn.draft.outcome is TurnStatus.CLARIFY
    assert turn.state.pending is not None and turn.state.pending.about is ChoiceAbout.ACTION
    assert turn.state.pending.candidates == ["padron.volante", "padron.alta"]


def test_a_referral_is_its_own_status(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    referral = next(p for p in services.catalogue.procedures if p.kind == "referral")
    turn = prepare("¿dónde renuevo el dni?", "answer")
    _answer(services, turn, Route(Intent.REFERRAL, referral.id, confidence=0.9))
    assert turn.draft.outcome is TurnStatus.REFERRAL


def test_out_of_scope_and_greeting(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = _answer(services, prepare("¿quién ganó la liga?", "answer"), Route(Intent.OUT_OF_SCOPE))
    assert turn.draft.outcome is TurnStatus.OUT_OF_SCOPE
    turn = _answer(services, prepare("hola", "answer"), Route(Intent.GREETING, confidence=0.9))
    assert turn.draft.outcome is TurnStatus.ANSWERED and turn.draft.suggestions
