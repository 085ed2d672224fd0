"""The language of the reply: the one the message asks for ("en valencià, per favor"), else the
client's choice, else the message's (among the council's languages), else the conversation's
(the council's default on a first message)."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.turn import Turn
from ali.language.followups import requested_language


class DetectLanguage:
    """Reads the cleaned message and the conversation; writes `turn.language` (and the
    conversation's) and `turn.language_request`. Never ends the turn."""

    name = "language"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        conversation = turn.conversation
        profile = self._services.profile
        fallback = conversation.language if conversation.turn_count else profile.default_language
        chosen = turn.request.language or self._services.languages.detect(
            turn.message, fallback, among=profile.languages
        )
        requested = requested_language(turn.message, profile.languages)
        if requested is not None:  # "¿me lo dices en castellano?": asked, whatever it is in
            chosen = requested
            turn.language_request = True
        conversation.language = chosen
        turn.language = chosen
        return None
