"""The audit log of actions, which is also what makes them idempotent and recoverable.

`begin` claims an idempotency key: the first caller gets to execute; any later caller with the
same key (a repeated confirmation, a double click, a retried request) gets the recorded entry
instead of a second execution. The unique key in the database decides races between processes.

An entry is `pending` while its call is in flight (`updated_at` is when it was claimed), then
`succeeded` (with what the citizen was told: the redacted message, the reference and the
documents' links, so a retry answers the same), `failed` (the back office refused, or never got
the request: it may be claimed again) or `unknown` (the request was sent but its answer lost:
a timeout, a 5xx, an unreadable answer). An `unknown` entry, and a `pending` one whose claim is
older than the grace (its process died mid-call), is reconciled: `take_over` lets exactly one
caller look it up in the back office by its key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ali.storage.database import Database
from ali.storage.models import ActionLogRow, utcnow

PENDING, SUCCEEDED, FAILED, UNKNOWN = "pending", "succeeded", "failed", "unknown"
STATUSES = (PENDING, SUCCEEDED, FAILED, UNKNOWN)


@dataclass(frozen=True)
class StoredDocument:
    title: str
    url: str


@dataclass(frozen=True)
class AuditEntry:
    idempotency_key: str
    action: str
    status: str  # PENDING, SUCCEEDED, FAILED or UNKNOWN
    reference: str | None
    summary: str | None  # the message the citizen was given, redacted
    error: str | None
    council_id: str = ""
    conversation_id: str | None = None
    procedure_id: str | None = None
    language: str | None = None
    documents: tuple[StoredDocument, ...] = ()
    attempts: int = 1
    delivered: bool = True
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    request_digest: str | None = None

    def stale(self, now: dt.datetime, grace: dt.timedelta) -> bool:
        """Whether this entry needs reconciling: `unknown`, or `pending` past the grace."""
        if self.status == UNKNOWN:
            return True
        claimed = self.updated_at or self.created_at
        return self.status == PENDING and claimed is not None and now - claimed > grace


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _documents(raw: Any) -> tuple[StoredDocument, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        StoredDocument(str(item.get("title", "")), str(item.get("url", "")))
        for item in raw
        if isinstance(item, dict)
    )


def _entry(row: ActionLogRow) -> AuditEntry:
    return AuditEntry(
        idempotency_key=row.idempotency_key,
        action=row.action,
        status=row.status,
        reference=row.reference,
        summary=row.summary,
        error=row.error,
        council_id=row.council_id,
        conversation_id=row.conversation_id,
        procedure_id=row.procedure_id,
        language=row.language,
        documents=_documents(row.documents),
        attempts=row.attempts or 1,
        delivered=bool(row.delivered),
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at or row.created_at),
        request_digest=row.request_digest,
    )


class AuditLog:
    def __init__(
        self, database: Database, *, grace: dt.timedelta = dt.timedelta(seconds=30)
    ) -> None:
        """`grace`: how long a `pending` entry is left to the process that claimed it before
        anyone reconciles it (longer than a connector call's whole deadline)."""
        self._db = database
        self.grace = grace

    def begin(
        self,
        *,
        idempotency_key: str,
        council_id: str,
        conversation_id: str,
        action: str,
        procedure_id: str | None,
        citizen: str | None,
        language: str | None = None,
        request_digest: str | None = None,
    ) -> AuditEntry | None:
        """Claims the key: None when this caller should execute, else the existing entry.
        `citizen` is a pseudonym of the citizen (never their NIF)."""
        now = utcnow()
        try:
            with self._db.engine.begin() as connection:
                connection.execute(
                    ActionLogRow.__table__.insert().values(  # type: ignore[attr-defined]
                        idempotency_key=idempotency_key,
                        council_id=council_id,
                        conversation_id=conversation_id,
                        action=action,
                        procedure_id=procedure_id,
                        citizen=citizen,
                        language=language,
                        request_digest=request_digest,
                        status=PENDING,
                        attempts=1,
                        delivered=False,
                        created_at=now,
                        updated_at=now,
                    )
                )
            return None
        except IntegrityError:
            pass
        # The key exists. A failed attempt may be retried: claim it back atomically.
        with self._db.engine.begin() as connection:
            retried = connection.execute(
                update(ActionLogRow)
                .where(
                    ActionLogRow.idempotency_key == idempotency_key, ActionLogRow.status == FAILED
                )
                .values(
                    status=PENDING,
                    error=None,
                    updated_at=now,
                    attempts=ActionLogRow.attempts + 1,
                    delivered=False,
                )
            )
            if retried.rowcount == 1:
                return None
        found = self.find(idempotency_key)
        assert found is not None
        return found

    def take_over(self, idempotency_key: str, *, now: dt.datetime | None = None) -> bool:
        """Claims an entry to reconcile it: one that is `unknown`, or `pending` for longer than
        the grace. True for exactly one of several callers racing for it; the entry is then
        `pending` again, claimed by this caller (its attempts counted)."""
        now = now or utcnow()
        with self._db.engine.begin() as connection:
            claimed = connection.execute(
                update(ActionLogRow)
                .where(
                    ActionLogRow.idempotency_key == idempotency_key,
                    or_(
                        ActionLogRow.status == UNKNOWN,
                        (ActionLogRow.status == PENDING)
                        & (ActionLogRow.updated_at < now - self.grace),
                    ),
                )
                .values(status=PENDING, updated_at=now, attempts=ActionLogRow.attempts + 1)
            )
            return bool(claimed.rowcount == 1)

    def finish(
        self,
        idempotency_key: str,
        *,
        status: str,
        reference: str | None = None,
        summary: str | None = None,
        error: str | None = None,
        documents: Sequence[StoredDocument] = (),
        delivered: bool = True,
    ) -> None:
        """Records the outcome. `summary` (the citizen's message) must come redacted."""
        if status not in STATUSES:
            raise ValueError(f"unknown audit status {status!r}")
        now = utcnow()
        with self._db.session() as session:
            row = session.scalars(
                select(ActionLogRow).where(ActionLogRow.idempotency_key == idempotency_key)
            ).one()
            row.status = status
            row.reference = reference
            row.summary = summary
            row.error = error
            row.documents = [{"title": d.title, "url": d.url} for d in documents] or None
            row.delivered = delivered
            row.updated_at = now
            row.completed_at = now if status in (SUCCEEDED, FAILED) else None

    def release(self, idempotency_key: str, *, error: str | None = None) -> None:
        """Gives a claimed entry back as `unknown` (its outcome could not be found out now):
        the next retry or start-up reconciles it again."""
        with self._db.engine.begin() as connection:
            connection.execute(
                update(ActionLogRow)
                .where(ActionLogRow.idempotency_key == idempotency_key)
                .values(status=UNKNOWN, error=error, updated_at=utcnow())
            )

    def mark_delivered(self, idempotency_key: str) -> None:
        """The citizen has now been given the entry's result."""
        with self._db.engine.begin() as connection:
            connection.execute(
                update(ActionLogRow)
                .where(ActionLogRow.idempotency_key == idempotency_key)
                .values(delivered=True)
            )

    def find(self, idempotency_key: str) -> AuditEntry | None:
        with self._db.session() as session:
            row = session.scalars(
                select(ActionLogRow).where(ActionLogRow.idempotency_key == idempotency_key)
            ).first()
            return _entry(row) if row else None

    def unsettled_like(
        self, council_id: str, conversation_id: str, action: str, request_digest: str
    ) -> AuditEntry | None:
        """The latest entry of the conversation for the same action and the same answers whose
        outcome the citizen has not been told: still open (`pending`, `unknown`), or succeeded
        without the citizen ever seeing it (reconciled at start-up). A new form asking for the
        same thing again is that request, not a second one."""
        with self._db.session() as session:
            row = session.scalars(
                select(ActionLogRow)
                .where(
                    ActionLogRow.council_id == council_id,
                    ActionLogRow.conversation_id == conversation_id,
                    ActionLogRow.action == action,
                    ActionLogRow.request_digest == request_digest,
                    or_(
                        ActionLogRow.status.in_((PENDING, UNKNOWN)),
                        (ActionLogRow.status == SUCCEEDED) & ActionLogRow.delivered.is_(False),
                    ),
                )
                .order_by(ActionLogRow.id.desc())
            ).first()
            return _entry(row) if row else None

    def unsettled(self, council_id: str) -> list[AuditEntry]:
        """The council's entries whose outcome is not known yet (`pending` or `unknown`),
        oldest first: what a start-up reconciles."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ActionLogRow)
                .where(
                    ActionLogRow.council_id == council_id,
                    ActionLogRow.status.in_((PENDING, UNKNOWN)),
                )
                .order_by(ActionLogRow.id)
            ).all()
            return [_entry(row) for row in rows]

    def entries(self, council_id: str) -> list[AuditEntry]:
        with self._db.session() as session:
            rows = session.scalars(
                select(ActionLogRow)
                .where(ActionLogRow.council_id == council_id)
                .order_by(ActionLogRow.id)
            ).all()
            return [_entry(row) for row in rows]
