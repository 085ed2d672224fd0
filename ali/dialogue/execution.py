"""Running a confirmed action exactly once, recording it, and finding out what became of it when
its answer was lost.

The idempotency key is derived from the confirmed form, so a repeated confirmation, a double
click or a retried request carries the same key; the audit log claims it before the action
runs, and whoever finds it taken is given the first execution's answer instead of causing
another. The form stays in the conversation (saved before the action ran) until it succeeds, so
a citizen who confirms again after a crash or a timeout sends the same key.

When the answer never came (ALI stopped mid-call, the back office timed out), the entry is
reconciled on the next confirmation: the back office is asked by key (`Reconcilable.recover`);
found, the original result is recorded and answered; never received, the action is sent again
with the same key (safe: the back office honours keys); unreachable, the entry stays open and
the citizen is told it will be checked, never that "nothing was done".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

import structlog

from ali.actions.action import (
    Action,
    ActionFailed,
    ActionRequest,
    ActionResult,
    Document,
    Reconcilable,
)
from ali.actions.slips import AppointmentSlip
from ali.catalogue.schema import Language
from ali.connectors.failures import BackOfficeBusy, BackOfficeUnavailable
from ali.dialogue.texts import text
from ali.i18n import N_, Message
from ali.safety.redaction import redact
from ali.storage.audit import FAILED, PENDING, SUCCEEDED, UNKNOWN, AuditEntry, AuditLog
from ali.storage.audit import StoredDocument as _Stored
from ali.storage.models import utcnow

log = structlog.get_logger("ali.actions")

_TEXTS: dict[str, Message] = {
    "replayed": N_("This was already done (I won't repeat it). {message}"),
    "in_progress": N_(
        "This request is being processed right now; I won't send it twice. Confirm it "
        'again ("yes") in a minute and I will tell you how it went.'
    ),
    "unconfirmed": N_(
        "The council's system did not answer in time and I don't know yet whether your "
        'request went through. I won\'t send it twice: confirm it again ("yes") in a few '
        "minutes and I will tell you how it went, or call {phone}."
    ),
    "busy": N_(
        "The council's system is overloaded right now and nothing has been sent. Try again "
        "in a minute, or call {phone}."
    ),
}


@dataclass(frozen=True)
class Outcome:
    message: str
    succeeded: bool
    reference: str | None = None
    documents: list[Document] = field(default_factory=list)
    # The citizen may confirm again (the same key): the back office was unreachable, busy or
    # silent, not refusing. The form stays in the conversation.
    retryable: bool = False
    # What became of it is not known yet (no answer in time, or another call still running).
    unconfirmed: bool = False
    slip: AppointmentSlip | None = None  # what a kiosk prints (the first answer only)


def idempotency_key(
    council_id: str, conversation_id: str, form_id: str, action: str, values: dict[str, str]
) -> str:
    """The same confirmed form always gives the same key; another form instance another key."""
    material = json.dumps([council_id, conversation_id, form_id, action, values], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()


def request_digest(
    council_id: str, conversation_id: str, action: str, values: dict[str, str]
) -> str:
    """What was asked, whichever form asked it: a new form with the same answers in the same
    conversation asks for the same thing."""
    material = json.dumps([council_id, conversation_id, action, values], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()


class ActionExecutor:
    def __init__(self, audit: AuditLog, council_phone: str) -> None:
        self._audit = audit
        self._phone = council_phone

    def run(
        self, action: Action, request: ActionRequest, *, citizen_ref: str | None = None
    ) -> Outcome:
        """Executes (or answers, or reconciles) the request; `citizen_ref` is the citizen's
        pseudonym for the audit log."""
        digest = request_digest(
            request.council_id, request.conversation_id, request.action, request.values
        )
        earlier = self._audit.unsettled_like(
            request.council_id, request.conversation_id, request.action, digest
        )
        if earlier is not None and earlier.idempotency_key != request.idempotency_key:
            # Asked again with a new form before its outcome was known or told: the same
            # request, under the key it was first sent with.
            request = replace(request, idempotency_key=earlier.idempotency_key)
        existing = self._audit.begin(
            idempotency_key=request.idempotency_key,
            council_id=request.council_id,
            conversation_id=request.conversation_id,
            action=request.action,
            procedure_id=request.procedure_id,
            citizen=citizen_ref,
            language=request.language,
            request_digest=digest,
        )
        if existing is None:
            return self._perform(action, request)
        return self._again(action, request, existing)

    def _again(self, action: Action, request: ActionRequest, entry: AuditEntry) -> Outcome:
        language = request.language
        if entry.status == SUCCEEDED:
            if not entry.delivered:
                self._audit.mark_delivered(entry.idempotency_key)
            return _replayed(entry, language)
        if entry.status == PENDING and not entry.stale(utcnow(), self._audit.grace):
            return Outcome(_TEXTS["in_progress"][language], False, retryable=True, unconfirmed=True)
        if not self._audit.take_over(entry.idempotency_key):
            return Outcome(_TEXTS["in_progress"][language], False, retryable=True, unconfirmed=True)
        return self._reconcile(action, request)

    def _reconcile(self, action: Action, request: ActionRequest) -> Outcome:
        """The entry is claimed by this caller; what became of its request?"""
        key = request.idempotency_key
        if not isinstance(action, Reconcilable):
            # No lookup: the back office honours keys, so sending it again is safe.
            return self._perform(action, request)
        try:
            found = action.recover(request)
        except Exception as exc:  # noqa: BLE001 - whatever it was, the outcome stays unknown
            self._audit.release(key, error=_reason(exc))
            log.warning("action_unreconciled", action=request.action,
                        council=request.council_id, problem=type(exc).__name__)  # fmt: skip
            return self._unconfirmed(request.language)
        if found is None:
            log.info("action_never_received", action=request.action, council=request.council_id)
            return self._perform(action, request)
        self._succeeded(request, found)
        log.info("action_recovered", action=request.action, council=request.council_id,
                 reference=found.reference)  # fmt: skip
        return Outcome(found.message, True, found.reference, list(found.documents), slip=found.slip)

    def _perform(self, action: Action, request: ActionRequest) -> Outcome:
        key, language = request.idempotency_key, request.language
        try:
            result = action.execute(request)
        except ActionFailed as exc:
            if getattr(exc, "outcome_unknown", False):
                self._audit.finish(key, status=UNKNOWN, error=_reason(exc), delivered=False)
                log.warning("action_outcome_unknown", action=request.action,
                            council=request.council_id, problem=type(exc).__name__)  # fmt: skip
                return self._unconfirmed(language)
            self._audit.finish(key, status=FAILED, error=_reason(exc))
            retryable = isinstance(exc, BackOfficeUnavailable)
            return Outcome(failure_message(exc, language, self._phone), False, retryable=retryable)
        except Exception as exc:  # a connector bug must still close the audit entry
            self._audit.finish(key, status=FAILED, error=type(exc).__name__)
            log.exception("action_crashed", action=request.action, council=request.council_id)
            return Outcome(failure_message(None, language, self._phone), False)
        self._succeeded(request, result)
        log.info("action_executed", action=request.action, council=request.council_id,
                 reference=result.reference)  # fmt: skip
        return Outcome(
            result.message, True, result.reference, list(result.documents), slip=result.slip
        )

    def _succeeded(self, request: ActionRequest, result: ActionResult) -> None:
        self._audit.finish(
            request.idempotency_key,
            status=SUCCEEDED,
            reference=result.reference,
            summary=redact(result.message),
            documents=[_Stored(d.title, d.url) for d in result.documents],
        )

    def _unconfirmed(self, language: Language) -> Outcome:
        message = _TEXTS["unconfirmed"][language].format(phone=self._phone)
        return Outcome(message, False, retryable=True, unconfirmed=True)


def _replayed(entry: AuditEntry, language: Language) -> Outcome:
    """The first execution's answer: its message, reference and documents."""
    documents = [Document(d.title, d.url) for d in entry.documents]
    if entry.summary:
        message = _TEXTS["replayed"][language].format(message=entry.summary)
    else:  # an entry from before answers were kept
        message = text("action_already_done", language, reference=entry.reference or "-")
    return Outcome(message, True, entry.reference, documents)


def _reason(exc: BaseException) -> str:
    return exc.detail if isinstance(exc, ActionFailed) else type(exc).__name__


def failure_message(exc: ActionFailed | None, language: Language, phone: str) -> str:
    """What the citizen reads when an action or its back office fails: the connector's own
    sentence when it gave one, and the alternatives (later, the phone line, an appointment);
    for a back office too busy to take the call, to try again in a minute."""
    if isinstance(exc, BackOfficeBusy):
        return _TEXTS["busy"][language].format(phone=phone)
    reason = exc.detail if exc is not None and exc.detail != exc.public_detail else ""
    return " ".join(text("action_failed", language, reason=reason, phone=phone).split())
