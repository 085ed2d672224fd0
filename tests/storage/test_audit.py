"""The audit log on both databases: one execution per key, and entries whose outcome is not
known taken over by exactly one caller, only once their claim is stale."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from ali.storage.audit import AuditLog, StoredDocument
from ali.storage.database import MIGRATIONS, Database
from ali.storage.models import ActionLogRow, utcnow


def claim(log: AuditLog, key: str = "k1"):  # type: ignore[no-untyped-def]
    return log.begin(
        idempotency_key=key,
        council_id="alicante",
        conversation_id="c1",
        action="citas.book_appointment",
        procedure_id="citas.cita-previa",
        citizen=None,
    )


def test_a_key_is_executed_once(any_database: Database) -> None:
    log = AuditLog(any_database)
    assert claim(log) is None
    log.finish("k1", status="succeeded", reference="R-1", summary="ok")
    again = claim(log)
    assert again is not None
    assert (again.status, again.reference) == ("succeeded", "R-1")
    assert len(log.entries("alicante")) == 1


def test_a_pending_key_is_not_claimed_twice(any_database: Database) -> None:
    log = AuditLog(any_database)
    assert claim(log) is None
    pending = claim(log)
    assert pending is not None and pending.status == "pending"


def test_a_failed_attempt_can_be_retried(any_database: Database) -> None:
    log = AuditLog(any_database)
    assert claim(log) is None
    log.finish("k1", status="failed", error="backend down")
    assert claim(log) is None  # claimed back for a retry
    assert log.find("k1").status == "pending"  # type: ignore[union-attr]


def test_racing_claims_have_one_winner(any_database: Database) -> None:
    log = AuditLog(any_database)
    winners: list[bool] = []
    barrier = threading.Barrier(8)

    def race() -> None:
        barrier.wait()
        winners.append(claim(log, "race") is None)

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners.count(True) == 1


def test_the_answer_is_kept_for_a_retry(any_database: Database) -> None:
    log = AuditLog(any_database)
    assert claim(log) is None
    documents = [StoredDocument("Certificado (PDF)", "http://bo.test/verify/ALI-1.pdf")]
    log.finish(
        "k1", status="succeeded", reference="ALI-1", summary="Aquí tienes", documents=documents
    )
    again = claim(log)
    assert again is not None
    assert (again.summary, again.documents, again.delivered) == (
        "Aquí tienes",
        tuple(documents),
        True,
    )


def test_a_pending_entry_is_taken_over_only_after_the_grace(any_database: Database) -> None:
    log = AuditLog(any_database, grace=dt.timedelta(seconds=30))
    assert claim(log) is None
    now = utcnow()
    assert not log.take_over("k1", now=now + dt.timedelta(seconds=10))  # its caller may be busy
    assert log.take_over("k1", now=now + dt.timedelta(seconds=31))  # its caller died
    entry = log.find("k1")
    assert entry is not None and (entry.status, entry.attempts) == ("pending", 2)
    # Taken over, it is claimed anew: nobody else takes it within the grace again.
    assert not log.take_over("k1", now=now + dt.timedelta(seconds=40))


def test_an_unknown_outcome_is_taken_over_at_once_by_one_caller(any_database: Database) -> None:
    log = AuditLog(any_database)
    assert claim(log) is None
    log.finish("k1", status="unknown", error="ReadTimeout", delivered=False)
    winners: list[bool] = []
    barrier = threading.Barrier(6)

    def race() -> None:
        barrier.wait()
        winners.append(log.take_over("k1"))

    threads = [threading.Thread(target=race) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners.count(True) == 1


def test_settled_entries_are_never_taken_over(any_database: Database) -> None:
    log = AuditLog(any_database, grace=dt.timedelta(seconds=1))
    for key, status in (("done", "succeeded"), ("refused", "failed")):
        assert claim(log, key) is None
        log.finish(key, status=status)
    later = utcnow() + dt.timedelta(hours=1)
    assert not log.take_over("done", now=later)
    assert not log.take_over("refused", now=later)


def test_unsettled_entries_are_listed_per_council(any_database: Database) -> None:
    log = AuditLog(any_database)
    for key in ("a", "b", "c"):
        assert claim(log, key) is None
    log.finish("b", status="succeeded")
    log.release("c", error="unreachable")
    assert [(e.idempotency_key, e.status) for e in log.unsettled("alicante")] == [
        ("a", "pending"),
        ("c", "unknown"),
    ]
    assert log.unsettled("elche") == []


def test_the_same_request_asked_again_is_found_until_its_outcome_is_told(
    any_database: Database,
) -> None:
    log = AuditLog(any_database)

    def like() -> str | None:
        found = log.unsettled_like("alicante", "c1", "citas.book_appointment", "digest")
        return found.idempotency_key if found else None

    assert log.begin(idempotency_key="k1", council_id="alicante", conversation_id="c1",
                     action="citas.book_appointment", procedure_id=None, citizen=None,
                     request_digest="digest") is None  # fmt: skip
    assert like() == "k1"  # pending
    log.finish("k1", status="succeeded", delivered=False)  # reconciled at start-up
    assert like() == "k1"
    log.mark_delivered("k1")
    assert like() is None  # the citizen has it: asking again is a new request
    assert log.unsettled_like("alicante", "c2", "citas.book_appointment", "digest") is None


def test_the_migration_removes_nifs_kept_in_clear_and_leaves_old_entries_stale(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        created = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
        connection.execute(
            text(
                "INSERT INTO action_log (idempotency_key, council_id, conversation_id, action, "
                "citizen, status, created_at) VALUES ('old', 'alicante', 'c1', "
                "'padron.issue_certificate', '12345678Z', 'pending', :created)"
            ),
            {"created": created},
        )
    database.migrate()
    log = AuditLog(database)
    with database.session() as session:
        assert session.scalars(select(ActionLogRow.citizen)).all() == [None]
    [entry] = log.unsettled("alicante")
    assert entry.stale(utcnow(), log.grace)  # stuck since before: reconciled at start-up
    assert (entry.attempts, entry.delivered) == (1, True)
    database.dispose()
