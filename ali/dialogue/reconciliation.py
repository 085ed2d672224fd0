"""At start-up: every action of a council whose outcome is not known (ALI stopped mid-call, or
the back office's answer was lost) is looked up in its back office by idempotency key.

Found, the entry is recorded as succeeded with the original result, which the citizen gets when
they confirm or ask again (nothing is sent twice). Never received, it is marked failed: the
citizen may send it again, with the same key. Back office unreachable, or an action without a
lookup, it stays `unknown` for the citizen's next attempt to reconcile.

An entry still `pending` within the grace may belong to a call in flight in another process: it
is left alone until the grace has passed, then reconciled (the pass waits for it in its thread).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from ali.actions.action import ActionRequest, Reconcilable
from ali.actions.registry import ActionRegistry
from ali.catalogue.schema import Language
from ali.language.registry import installed
from ali.safety.redaction import redact
from ali.storage.audit import FAILED, SUCCEEDED, AuditEntry, AuditLog, StoredDocument
from ali.storage.models import utcnow

log = structlog.get_logger("ali.actions")


@dataclass
class Reconciled:
    """What a pass found out: how many entries turned out done, never received, still
    unresolved (unreachable, or no lookup), or were left waiting for their grace."""

    succeeded: int = 0
    never_received: int = 0
    unresolved: int = 0
    waiting: int = 0  # pending within the grace: left for later


class Reconciler:
    def __init__(
        self,
        audit: AuditLog,
        actions: ActionRegistry,
        council_id: str,
        default_language: Language,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._audit = audit
        self._actions = actions
        self._council = council_id
        self._language = default_language
        self._clock = clock
        self._sleep = sleep

    def run_once(self) -> tuple[Reconciled, dt.datetime | None]:
        """One pass over the council's unsettled entries; also when the next young `pending`
        one comes of age (None if there is none)."""
        done = Reconciled()
        now = self._clock()
        next_due: dt.datetime | None = None
        for entry in self._audit.unsettled(self._council):
            if not entry.stale(now, self._audit.grace):
                done.waiting += 1
                due = (entry.updated_at or now) + self._audit.grace + dt.timedelta(seconds=1)
                next_due = due if next_due is None else min(next_due, due)
                continue
            if self._audit.take_over(entry.idempotency_key, now=now):
                self._settle(entry, done)
        if done.succeeded or done.never_received or done.unresolved:
            log.info("actions_reconciled", council=self._council, succeeded=done.succeeded,
                     never_received=done.never_received, unresolved=done.unresolved,
                     waiting=done.waiting)  # fmt: skip
        return done, next_due

    def run(self) -> Reconciled:
        """Passes until no entry is left waiting for its grace (the start-up's job)."""
        total = Reconciled()
        while True:
            done, next_due = self.run_once()
            total.succeeded += done.succeeded
            total.never_received += done.never_received
            total.unresolved += done.unresolved
            if next_due is None:
                return total
            self._sleep(max(0.0, (next_due - self._clock()).total_seconds()))

    def start(self) -> threading.Thread:
        """`run` in a daemon thread, so start-up and readiness never wait for back offices."""

        def reconcile() -> None:
            try:
                self.run()
            except Exception:  # a broken database must not kill the process, only this pass
                log.exception("reconciliation_failed", council=self._council)

        thread = threading.Thread(
            target=reconcile, name=f"ali-reconcile-{self._council}", daemon=True
        )
        thread.start()
        return thread

    def _settle(self, entry: AuditEntry, done: Reconciled) -> None:
        key = entry.idempotency_key
        action = self._actions.get(entry.action)
        if not isinstance(action, Reconcilable):
            # No lookup (or no longer configured): the citizen's retry will send it again.
            self._audit.release(key, error="not reconcilable at start-up")
            done.unresolved += 1
            return
        stored = entry.language or ""
        language = stored if stored in installed() else self._language
        request = ActionRequest(
            action=entry.action,
            council_id=entry.council_id,
            conversation_id=entry.conversation_id or "",
            procedure_id=entry.procedure_id,
            values={},
            idempotency_key=key,
            language=language,
        )
        try:
            found = action.recover(request)
        except Exception as exc:  # noqa: BLE001 - unreachable, or a broken answer: try later
            self._audit.release(key, error=f"reconciliation: {type(exc).__name__}")
            done.unresolved += 1
            return
        if found is None:
            self._audit.finish(key, status=FAILED, error="never received by the back office")
            done.never_received += 1
            return
        self._audit.finish(
            key,
            status=SUCCEEDED,
            reference=found.reference,
            summary=redact(found.message),
            documents=[StoredDocument(d.title, d.url) for d in found.documents],
            delivered=False,  # the citizen has not seen it yet
        )
        done.succeeded += 1
