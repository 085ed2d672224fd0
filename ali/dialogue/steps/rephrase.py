"""Rephrasing (councils with a language model): a follow-up such as "¿y para mi hijo?" is
rewritten by the model as a question that stands alone, from the last turns, so that routing,
retrieval and the answer work on what the citizen means.

It runs after the safety step, which has screened the citizen's own words (a crisis is never
left to a model's rewording), and only for a short message in a conversation that has turns
before it, no form and no pending choice (a pick such as "2" is not rephrased). The history
is what the citizen was shown, as stored (redacted): replies that failed the output checks
never reached it, and exchanges refused as abuse or injection are left out. The rephrased
question gets its own signals; the conversation keeps the citizen's words."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.signals import read_signals
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent

# Turns of history given to the model (citizen and assistant turns, newest last).
HISTORY_TURNS = 6
# Longer messages are taken to stand alone.
MAX_WORDS = 12


class Rephrase:
    name = "rephrase"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        writer = self._services.writer
        state = turn.state
        if writer is None or state.form is not None or state.pending is not None:
            return None
        if len(turn.message.split()) > MAX_WORDS or turn.conversation.turn_count == 0:
            return None  # a long message stands alone; a new conversation has no history
        history = self._history(turn)
        if not history:
            return None
        question = writer.rephrase(turn, history)
        if question is None or question.casefold() == turn.message.casefold():
            return None
        turn.rephrased_from = turn.message
        turn.message = question
        turn.signals = read_signals(question, self._services.retriever, self._services.classifier)
        return None

    def _history(self, turn: Turn) -> list[tuple[str, str]]:
        services = self._services
        stored = services.conversations.turns(services.council_id, turn.conversation.id)
        kept: list[tuple[str, str]] = []
        for citizen, assistant in zip(stored[::2], stored[1::2], strict=False):
            if assistant.intent in (Intent.BLOCKED.value, Intent.EMERGENCY.value):
                continue
            kept += [("citizen", citizen.text), ("assistant", assistant.text)]
        return kept[-HISTORY_TURNS:]
