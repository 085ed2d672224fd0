"""A fake back office that honours idempotency keys, and the requests sent to it."""

from __future__ import annotations

from ali.actions.action import ActionRequest, ActionResult, Document
from ali.connectors.failures import BackOfficeNoAnswer, BackOfficeUnavailable
from ali.connectors.rehearsal import RehearsalAction
from tests.support.councils import APPOINTMENT_FORM


def request(key: str = "k") -> ActionRequest:
    return ActionRequest("citas.book_appointment", "alicante", "c1", None, {"a": "1"}, key, "es")


class BackOffice(RehearsalAction):
    """A back office that honours keys and can be asked by key; `lose_answer` makes it act and
    then time out, `down` makes it unreachable (for the call and for the lookup)."""

    def __init__(self) -> None:
        super().__init__(APPOINTMENT_FORM)
        self.done: dict[str, ActionResult] = {}
        self.lose_answer = False
        self.down = False
        self.lookups = 0

    def execute(self, request: ActionRequest) -> ActionResult:
        if self.down:
            raise BackOfficeUnavailable()
        if request.idempotency_key not in self.done:
            result = super().execute(request)
            self.done[request.idempotency_key] = ActionResult(
                result.message, result.reference, [Document("Justificante", "http://bo/1.pdf")]
            )
        if self.lose_answer:
            raise BackOfficeNoAnswer()
        return self.done[request.idempotency_key]

    def recover(self, request: ActionRequest) -> ActionResult | None:
        self.lookups += 1
        if self.down:
            raise BackOfficeUnavailable()
        return self.done.get(request.idempotency_key)
