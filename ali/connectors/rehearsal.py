"""`RehearsalAction`: an action with no external effect. It walks the whole dialogue (form,
confirmation, idempotency, audit) and records what it was asked to do, so councils can try
a flow before its connector exists, and tests can check the engine end to end."""

from __future__ import annotations

import threading

from ali.actions.action import ActionRequest, ActionResult
from ali.actions.forms import FormSpec
from ali.i18n import N_

_DONE = N_("Rehearsal complete: no real procedure was carried out. Reference: {reference}.")


class RehearsalAction:
    def __init__(self, form: FormSpec, *, requires_identity: bool = False) -> None:
        self.name = form.action
        self.form = form
        self.requires_identity = requires_identity
        self.executed: list[ActionRequest] = []
        self._lock = threading.Lock()

    def execute(self, request: ActionRequest) -> ActionResult:
        with self._lock:
            self.executed.append(request)
            reference = f"ENSAYO-{len(self.executed):04d}"
        return ActionResult(_DONE[request.language].format(reference=reference), reference)
