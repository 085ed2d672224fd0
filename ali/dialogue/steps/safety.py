"""Safety: a crisis gets its helpline and abuse a polite refusal, before anything else (an
active form included, which is asked again after the reply)."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.texts import text
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.intents.router import Route
from ali.language import Language
from ali.safety.crisis import crisis_message


class Safety:
    """Reads the message, its hidden characters and the signals' scores; ends the turn as
    `emergency` or `blocked` (setting `resume_form` when a form is active), else passes on.
    Crisis detection runs here once per turn: routing is told the message was screened."""

    name = "safety"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        route = self._services.router.safety(
            turn.message, turn.signals.scores, hidden_characters=turn.hidden_characters
        )
        if route is None:
            return None
        turn.resume_form = turn.state.form is not None
        return safety_reply(route, turn.language)


def safety_reply(route: Route, language: Language) -> Draft:
    """The reply to an emergency or blocked route."""
    if route.intent is Intent.EMERGENCY:
        assert route.crisis is not None
        return Draft(Intent.EMERGENCY, crisis_message(route.crisis, language), confidence=1.0)
    return Draft(Intent.BLOCKED, text("blocked", language), confidence=1.0)
