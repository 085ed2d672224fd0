"""Running a confirmed action exactly once, and recording it.

The idempotency key is derived from the confirmed form, so a repeated confirmation, a double
click or a retried request carries the same key; the audit log claims it before the action
runs, and whoever finds it taken is told about the first execution instead of causing another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import structlog

from ali.catalogue.schema import Language
from ali.connectors.base import Action, ActionFailed, ActionRequest, Document
from ali.dialogue.texts import text
from ali.safety.redaction import redact
from ali.storage.audit import AuditLog

log = structlog.get_logger("ali.actions")


@dataclass(frozen=True)
class Outcome:
    message: str
    succeeded: bool
    reference: str | None = None
    documents: list[Document] = field(default_factory=list)


def idempotency_key(
    council_id: str, conversation_id: str, form_id: str, action: str, values: dict[str, str]
) -> str:
    """The same confirmed form always gives the same key; another form instance another key."""
    material = json.dumps([council_id, conversation_id, form_id, action, values], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()


class ActionExecutor:
    def __init__(self, audit: AuditLog, council_phone: str) -> None:
        self._audit = audit
        self._phone = council_phone

    def run(self, action: Action, request: ActionRequest) -> Outcome:
        language = request.language
        existing = self._audit.begin(
            idempotency_key=request.idempotency_key,
            council_id=request.council_id,
            conversation_id=request.conversation_id,
            action=request.action,
            procedure_id=request.procedure_id,
            citizen=request.citizen.nif if request.citizen else None,
        )
        if existing is not None:
            if existing.status == "succeeded":
                reference = existing.reference or "-"
                return Outcome(text("action_already_done", language, reference=reference), True)
            return Outcome(text("action_in_progress", language), False)
        key = request.idempotency_key
        try:
            result = action.execute(request)
        except ActionFailed as exc:
            self._audit.finish(key, status="failed", error=exc.detail)
            return Outcome(failure_message(exc, language, self._phone), False)
        except Exception as exc:  # a connector bug must still close the audit entry
            self._audit.finish(key, status="failed", error=type(exc).__name__)
            log.exception("action_crashed", action=request.action, council=request.council_id)
            return Outcome(failure_message(None, language, self._phone), False)
        self._audit.finish(
            key, status="succeeded", reference=result.reference, summary=redact(result.message)
        )
        log.info("action_executed", action=request.action, council=request.council_id,
                 reference=result.reference)  # fmt: skip
        return Outcome(result.message, True, result.reference, list(result.documents))


def failure_message(exc: ActionFailed | None, language: Language, phone: str) -> str:
    """What the citizen reads when an action or its back office fails: the connector's own
    sentence when it gave one, and the alternatives (later, the phone line, an appointment)."""
    reason = exc.detail if exc is not None and exc.detail != exc.public_detail else ""
    return " ".join(text("action_failed", language, reason=reason, phone=phone).split())
