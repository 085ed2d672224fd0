"""Input guard: the message without the hidden characters that could smuggle instructions."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.turn import Turn
from ali.safety.guard import clean, has_hidden_characters


class InputGuard:
    """Reads the request's text; writes `turn.message` (cleaned) and `hidden_characters`,
    which the safety step refuses (after a crisis, which wins even then). Never ends the
    turn."""

    name = "input_guard"

    def run(self, turn: Turn) -> Draft | None:
        turn.message = clean(turn.request.text)
        turn.hidden_characters = has_hidden_characters(turn.request.text)
        return None
