"""Saving the turn: both messages redacted, the state as JSON, in one save."""

from __future__ import annotations

import time

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.turn import Turn
from ali.safety.redaction import redact
from ali.storage.conversations import Turn as StoredTurn


class Persist:
    """A closing step. Reads the reply, the state and the conversation; writes
    `turn.position` (the reply's position, for feedback) and `turn.latency_ms`."""

    name = "persist"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        conversation, draft = turn.conversation, turn.draft
        language = turn.language_or(conversation.language)
        conversation.add_turn(StoredTurn("citizen", redact(turn.said), language=language))
        turn.latency_ms = round((time.perf_counter() - turn.started) * 1000, 1)
        conversation.add_turn(
            StoredTurn(
                "assistant",
                redact(draft.reply),
                draft.intent.value,
                draft.procedure_id,
                language=language,
                latency_ms=turn.latency_ms,
                answered_by=draft.answered_by,
            )
        )
        conversation.state = turn.state.to_json()
        self._services.conversations.save(conversation)
        turn.position = conversation.turn_count
        return None
