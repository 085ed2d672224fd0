"""Doing what was asked: an action's form starts (or a status lookup), or the citizen is told
why it cannot start (not connected, sign-in needed).

When it cannot start, the reply still answers what the message asked (its aspects, or how to do
it), and a sign-in notice follows the answer's first paragraph: the first sentence a citizen
reads is the answer, not "you need to sign in"."""

from __future__ import annotations

from ali.answers.aspects import Aspect, detect_aspects, procedure_names
from ali.catalogue.schema import Procedure
from ali.dialogue.form_actions import FormActions
from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.texts import text
from ali.dialogue.turn import Turn
from ali.intents import cues
from ali.intents.labels import Intent


class StartAction:
    """Reads the route (or an accepted offer); ends the turn for an offer accepted, a
    `procedure_action` route, and a `status_check` route whose procedure has a status lookup.
    Passes every other route on to the answer."""

    name = "action"

    def __init__(self, services: DialogueServices, actions: FormActions) -> None:
        self._services = services
        self._actions = actions

    def run(self, turn: Turn) -> Draft | None:
        if turn.accepted_offer is not None:
            return self._actions.start(turn.accepted_offer, None, turn)
        route = turn.route
        if route is None or route.procedure_id is None:
            return None
        services = self._services
        procedure = services.catalogue.get(route.procedure_id)
        status_action = services.actions.get(procedure.status_action)
        if route.intent is Intent.STATUS_CHECK and status_action is not None:
            return self._status(status_action.name, procedure, turn)
        if route.intent is Intent.PROCEDURE_ACTION:
            draft = self._action(procedure, turn)
            draft.confidence = max(draft.confidence, route.confidence)
            return draft
        return None

    def _action(self, procedure: Procedure, turn: Turn) -> Draft:
        language = turn.language
        wanted = procedure.action
        if procedure.cancel_action and cues.wants_cancel(turn.message):
            wanted = procedure.cancel_action  # "anular mi cita": undo, not book
        action = self._services.actions.get(wanted)
        aspects = detect_aspects(turn.message, procedure_names(procedure)) or [Aspect.HOW]
        info = self._services.composer.procedure_answer(procedure, language, aspects, turn.message)
        if action is None:
            reply = f"{text('not_connected', language)}\n\n{info.reply}"  # it ends with ":"
            return Draft(
                Intent.PROCEDURE_ACTION, reply, procedure_id=procedure.id, sources=info.sources
            )
        if action.requires_identity and turn.citizen is None:
            reply = _after_lead(info.reply, text("sign_in_needed", language))
            return Draft(
                Intent.PROCEDURE_ACTION,
                reply,
                procedure_id=procedure.id,
                sources=info.sources,
                needs_sign_in=True,
            )
        return self._actions.start(action.name, procedure.id, turn)

    def _status(self, action_name: str, procedure: Procedure, turn: Turn) -> Draft:
        """Looking up one's own request needs sign-in; then the lookup form starts."""
        language = turn.language
        if turn.citizen is None:
            info = self._services.composer.procedure_answer(procedure, language, [Aspect.HOW])
            reply = _after_lead(info.reply, text("sign_in_needed", language))
            return Draft(
                Intent.STATUS_CHECK, reply, procedure.id, sources=info.sources, needs_sign_in=True
            )
        draft = self._actions.start(action_name, procedure.id, turn)
        if draft.intent is Intent.PROCEDURE_ACTION:
            draft.intent = Intent.STATUS_CHECK
        return draft


def _after_lead(answer: str, notice: str) -> str:
    """`notice` after the answer's first paragraph (the one that answers the question)."""
    lead, _, rest = answer.partition("\n\n")
    return "\n\n".join(part for part in (lead, notice, rest) if part)
