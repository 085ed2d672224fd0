"""The start-up pass: unsettled actions of a council looked up in their back office by key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from ali.actions.action import ActionResult, Document
from ali.actions.registry import ActionRegistry
from ali.dialogue.execution import ActionExecutor
from ali.dialogue.reconciliation import Reconciler
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.models import ActionLogRow, utcnow
from tests.support.back_office import BackOffice, request

GRACE = dt.timedelta(seconds=30)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'audit.db'}")
    database.migrate()
    return database


def stuck(audit: AuditLog, database: Database, key: str, *, age: dt.timedelta) -> None:
    """An entry claimed `age` ago by a process that then died."""
    audit.begin(idempotency_key=key, council_id="alicante", conversation_id="c1",
                action="citas.book_appointment", procedure_id=None, citizen=None,
                language="va")  # fmt: skip
    with database.engine.begin() as connection:
        connection.execute(
            update(ActionLogRow)
            .where(ActionLogRow.idempotency_key == key)
            .values(updated_at=utcnow() - age)
        )


def test_what_the_back_office_did_is_recorded_and_answered_on_the_retry(
    database: Database,
) -> None:
    audit = AuditLog(database, grace=GRACE)
    office = BackOffice()
    result = ActionResult("Cita reservada.", "CITA-1", [Document("Cita", "http://bo/c.pdf")])
    office.done = {"k": result, "done-too": result}
    stuck(audit, database, "k", age=dt.timedelta(minutes=5))
    stuck(audit, database, "never", age=dt.timedelta(minutes=5))
    audit.begin(idempotency_key="done-too", council_id="alicante", conversation_id="c1",
                action="citas.book_appointment", procedure_id=None, citizen=None)  # fmt: skip
    audit.finish("done-too", status="unknown", delivered=False)
    reconciler = Reconciler(audit, ActionRegistry([office]), "alicante", "es")
    done, next_due = reconciler.run_once()
    assert (done.succeeded, done.never_received, done.unresolved) == (2, 1, 0)
    assert next_due is None
    entry = audit.find("k")
    assert entry is not None and (entry.status, entry.reference) == ("succeeded", "CITA-1")
    assert entry.delivered is False  # the citizen has not seen it yet
    assert audit.find("never").status == "failed"  # type: ignore[union-attr]
    assert office.executed == []  # a start-up only asks; it never sends anything
    retry = ActionExecutor(audit, "010").run(office, request("k"))
    assert retry.succeeded and retry.documents == [Document("Cita", "http://bo/c.pdf")]
    assert "Cita reservada." in retry.message
    assert audit.find("k").delivered  # type: ignore[union-attr]


def test_a_young_pending_entry_is_left_until_its_grace_has_passed(database: Database) -> None:
    audit = AuditLog(database, grace=GRACE)
    office = BackOffice()
    office.done["k"] = ActionResult("Cita reservada.", "CITA-1")
    stuck(audit, database, "k", age=dt.timedelta(seconds=10))
    now = [utcnow()]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)

    reconciler = Reconciler(audit, ActionRegistry([office]), "alicante", "es",
                            clock=lambda: now[0], sleep=sleep)  # fmt: skip
    total = reconciler.run()
    assert total.succeeded == 1 and office.lookups == 1
    assert len(slept) == 1 and 19 <= slept[0] <= 22  # waited for the rest of the grace


def test_an_unreachable_back_office_leaves_entries_for_later(database: Database) -> None:
    audit = AuditLog(database, grace=GRACE)
    office = BackOffice()
    office.down = True
    stuck(audit, database, "k", age=dt.timedelta(minutes=5))
    done, _ = Reconciler(audit, ActionRegistry([office]), "alicante", "es").run_once()
    assert done.unresolved == 1
    assert audit.find("k").status == "unknown"  # type: ignore[union-attr]
    office.down = False
    office.done["k"] = ActionResult("Cita reservada.", "CITA-1")
    again, _ = Reconciler(audit, ActionRegistry([office]), "alicante", "es").run_once()
    assert again.succeeded == 1  # the next start (or the citizen's retry) finds it


def test_the_entry_keeps_its_language_for_the_recovered_message(database: Database) -> None:
    audit = AuditLog(database, grace=GRACE)
    seen: list[str] = []

    class Recording(BackOffice):
        def recover(self, request):  # type: ignore[no-untyped-def]
            seen.append(request.language)
            return super().recover(request)

    stuck(audit, database, "k", age=dt.timedelta(minutes=5))
    Reconciler(audit, ActionRegistry([Recording()]), "alicante", "es").run_once()
    assert seen == ["va"]
