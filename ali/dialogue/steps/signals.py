"""The turn's signals: one embedding of the message, the search, the intent scores."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.signals import read_signals
from ali.dialogue.turn import Turn


class ReadSignals:
    """Reads the cleaned message; writes `turn.signals`, which every later step shares (no
    other step embeds or searches the message again). Never ends the turn."""

    name = "signals"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        turn.signals = read_signals(
            turn.message, self._services.retriever, self._services.classifier
        )
        return None
