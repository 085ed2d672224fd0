from __future__ import annotations

from collections.abc import Callable

import pytest

from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.routing import Routing
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.intents.router import IntentRouter


def test_a_question_about_a_procedure_is_routed_to_it_and_the_turn_goes_on(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "routing")
    assert Routing(services).run(turn) is None
    assert turn.route is not None and turn.route.intent is Intent.PROCEDURE_INFO
    assert turn.route.procedure_id == "padron.volante"


def test_a_pick_among_pending_candidates_is_that_procedure(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    pending = {"candidates": ["padron.volante", "padron.certificado"], "candidates_for": "info"}
    turn = prepare("el segundo", "routing", state=pending)
    Routing(services).run(turn)
    assert turn.route is not None and turn.route.procedure_id == "padron.certificado"


def test_an_aspect_alone_is_a_follow_up_on_the_current_procedure(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("¿y cuánto cuesta?", "routing", procedure_id="padron.certificado")
    Routing(services).run(turn)
    assert turn.route is not None and turn.route.followup
    assert turn.route.procedure_id == "padron.certificado"


def test_yes_to_an_offer_accepts_it_once(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("sí", "routing", state={"offer": "handoff.callback"})
    Routing(services).run(turn)
    assert turn.accepted_offer == "handoff.callback" and turn.route is None
    assert turn.state.offer is None


def test_an_offer_not_taken_up_is_forgotten(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("¿cuánto cuesta el volante?", "routing", state={"offer": "handoff.callback"})
    Routing(services).run(turn)
    assert turn.accepted_offer is None and turn.state.offer is None


def test_routing_does_not_look_for_a_crisis_again(
    services: DialogueServices, prepare: Callable[..., Turn], monkeypatch: pytest.MonkeyPatch
) -> None:
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "routing")
    asked: list[str] = []
    safety = IntentRouter.safety

    def counted(self: IntentRouter, message: str, *args: object, **kwargs: object) -> object:
        asked.append(message)
        return safety(self, message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(IntentRouter, "safety", counted)
    Routing(services).run(turn)
    assert asked == []
