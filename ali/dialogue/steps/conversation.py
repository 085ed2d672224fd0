"""The conversation the turn continues, or a new one, with its typed state."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.state import ConversationState
from ali.dialogue.turn import Turn
from ali.storage.conversations import Conversation


class LoadConversation:
    """Reads the request's conversation id and citizen; writes `turn.conversation`,
    `turn.state` and `asking_personal`. A conversation a citizen has signed in to belongs to
    that citizen: anyone else holding its id gets a fresh conversation. Never ends the turn."""

    name = "conversation"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        services = self._services
        owner = services.owner_of(turn.citizen)
        wanted = turn.request.conversation_id
        found = services.conversations.get(services.council_id, wanted) if wanted else None
        state = ConversationState.from_json(found.state) if found is not None else None
        if found is None or state is None or state.owner not in (None, owner):
            found = Conversation(
                council_id=services.council_id, language=services.profile.default_language
            )
            state = ConversationState()
        if owner is not None:
            state.owner = owner
        turn.load(found, state)
        turn.asking_personal = self._asking_personal(state)
        return None

    def _asking_personal(self, state: ConversationState) -> bool:
        form = state.form
        if form is None or not form.current:
            return False
        action = self._services.actions.get(form.action)
        return bool(action and action.form.slot(form.current).personal)
