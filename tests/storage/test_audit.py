from __future__ import annotations

import threading

from ali.storage.audit import AuditLog
from ali.storage.database import Database


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
