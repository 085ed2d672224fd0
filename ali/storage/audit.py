"""The audit log of actions, which is also what makes them idempotent.

`begin` claims an idempotency key: the first caller gets to execute; any later caller with the
same key (a repeated confirmation, a double click, a retried request) gets the recorded outcome
instead of a second execution. The unique key in the database decides races between processes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ali.storage.database import Database
from ali.storage.models import ActionLogRow, utcnow


@dataclass(frozen=True)
class AuditEntry:
    idempotency_key: str
    action: str
    status: str  # "pending", "succeeded" or "failed"
    reference: str | None
    summary: str | None
    error: str | None


def _entry(row: ActionLogRow) -> AuditEntry:
    return AuditEntry(
        row.idempotency_key, row.action, row.status, row.reference, row.summary, row.error
    )


class AuditLog:
    def __init__(self, database: Database) -> None:
        self._db = database

    def begin(
        self,
        *,
        idempotency_key: str,
        council_id: str,
        conversation_id: str,
        action: str,
        procedure_id: str | None,
        citizen: str | None,
    ) -> AuditEntry | None:
        """Claims the key: None when this caller should execute, else the existing entry."""
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
                        status="pending",
                        created_at=utcnow(),
                    )
                )
            return None
        except IntegrityError:
            pass
        # The key exists. A failed attempt may be retried: claim it back atomically.
        with self._db.engine.begin() as connection:
            table = ActionLogRow.__table__
            retried = connection.execute(
                table.update()  # type: ignore[attr-defined]
                .where(
                    table.c.idempotency_key == idempotency_key,
                    table.c.status == "failed",
                )
                .values(status="pending", error=None, created_at=utcnow())
            )
            if retried.rowcount == 1:
                return None
        found = self.find(idempotency_key)
        assert found is not None
        return found

    def finish(
        self,
        idempotency_key: str,
        *,
        status: str,
        reference: str | None = None,
        summary: str | None = None,
        error: str | None = None,
    ) -> None:
        with self._db.session() as session:
            row = session.scalars(
                select(ActionLogRow).where(ActionLogRow.idempotency_key == idempotency_key)
            ).one()
            row.status = status
            row.reference = reference
            row.summary = summary
            row.error = error
            row.completed_at = utcnow()

    def find(self, idempotency_key: str) -> AuditEntry | None:
        with self._db.session() as session:
            row = session.scalars(
                select(ActionLogRow).where(ActionLogRow.idempotency_key == idempotency_key)
            ).first()
            return _entry(row) if row else None

    def entries(self, council_id: str) -> list[AuditEntry]:
        with self._db.session() as session:
            rows = session.scalars(
                select(ActionLogRow)
                .where(ActionLogRow.council_id == council_id)
                .order_by(ActionLogRow.id)
            ).all()
            return [_entry(row) for row in rows]
