"""The answer to a procedure question, written by the council's language model from that
procedure's catalogue text and checked sentence by sentence (`ali.dialogue.model_writer`).

The catalogue's answer is composed first, always: it is the reply whenever the model cannot
give one that passes the checks, so a fallback costs no more time. Only questions about a
procedure (information, referral, status) go to the model; everything else (greetings,
clarifications, crises, forms, actions) is the catalogue's and the dialogue engine's."""

from __future__ import annotations

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.answer import CatalogueAnswer
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent

_ANSWERED = frozenset({Intent.PROCEDURE_INFO, Intent.REFERRAL, Intent.STATUS_CHECK})


class ModelAnswer:
    """In place of `CatalogueAnswer` when the council has a model; same products."""

    name = "answer"

    def __init__(self, services: DialogueServices, catalogue: CatalogueAnswer) -> None:
        self._services = services
        self._catalogue = catalogue

    def run(self, turn: Turn) -> Draft | None:
        draft = self._catalogue.run(turn)
        writer = self._services.writer
        if draft is None or writer is None or draft.procedure_id is None:
            return draft
        if draft.intent not in _ANSWERED or draft.status is not None:
            return draft
        answered = writer.answer(turn, draft, turn.request.stream)
        writer.replied(answered)
        return answered
