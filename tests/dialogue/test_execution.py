"""The executor against a real audit log: one execution per key, failures recorded and
retryable, a crashing connector never leaves the entry pending, and a request whose answer was
lost reconciled with its back office (found, never received, unreachable) on the retry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ali.actions.action import ActionFailed, ActionRequest, ActionResult, Document
from ali.connectors.failures import BackOfficeBusy
from ali.connectors.rehearsal import RehearsalAction
from ali.dialogue.execution import ActionExecutor, idempotency_key
from ali.identity.citizen import Citizen
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.models import ActionLogRow, utcnow
from tests.support.back_office import BackOffice, request
from tests.support.councils import APPOINTMENT_FORM


@pytest.fixture
def audit(tmp_path: Path) -> AuditLog:
    database = Database(f"sqlite:///{tmp_path / 'audit.db'}")
    database.migrate()
    return AuditLog(database)


class Flaky(RehearsalAction):
    def __init__(self, error: Exception) -> None:
        super().__init__(APPOINTMENT_FORM)
        self.error: Exception | None = error

    def execute(self, request: ActionRequest) -> ActionResult:
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return super().execute(request)


def test_same_key_runs_once(audit: AuditLog) -> None:
    action = RehearsalAction(APPOINTMENT_FORM)
    executor = ActionExecutor(audit, "010")
    first = executor.run(action, request())
    second = executor.run(action, request())
    assert first.succeeded and first.reference == "ENSAYO-0001"
    assert "ENSAYO-0001" in second.message
    assert len(action.executed) == 1


def test_a_backend_refusal_is_told_and_can_be_retried(audit: AuditLog) -> None:
    action = Flaky(ActionFailed("El servicio de citas no responde."))
    executor = ActionExecutor(audit, "010")
    failed = executor.run(action, request())
    assert not failed.succeeded
    assert "El servicio de citas no responde." in failed.message
    assert "010" in failed.message
    assert audit.find("k").status == "failed"  # type: ignore[union-attr]
    retried = executor.run(action, request())
    assert retried.succeeded
    assert audit.find("k").status == "succeeded"  # type: ignore[union-attr]


def test_a_crashing_connector_is_recorded_as_failed(audit: AuditLog) -> None:
    executor = ActionExecutor(audit, "010")
    outcome = executor.run(Flaky(RuntimeError("bug")), request())
    assert not outcome.succeeded
    entry = audit.find("k")
    assert entry is not None and (entry.status, entry.error) == ("failed", "RuntimeError")


def test_keys_depend_on_the_form_instance_and_values() -> None:
    base = idempotency_key("alicante", "c", "f1", "a", {"x": "1"})
    assert base == idempotency_key("alicante", "c", "f1", "a", {"x": "1"})
    assert base != idempotency_key("alicante", "c", "f2", "a", {"x": "1"})
    assert base != idempotency_key("alicante", "c", "f1", "a", {"x": "2"})


def claim(audit: AuditLog) -> None:
    """An entry claimed by a call whose outcome is not known (its process died, say)."""
    claimed = audit.begin(
        idempotency_key="k",
        council_id="alicante",
        conversation_id="c1",
        action="citas.book_appointment",
        procedure_id=None,
        citizen=None,
    )
    assert claimed is None


def test_a_retry_of_a_success_answers_the_original_result(audit: AuditLog) -> None:
    office = BackOffice()
    executor = ActionExecutor(audit, "010")
    first = executor.run(office, request())
    again = executor.run(office, request())
    assert again.succeeded and again.reference == first.reference
    assert first.message in again.message  # the certificate link, the receipt: all of it
    assert again.documents == first.documents == [Document("Justificante", "http://bo/1.pdf")]
    assert len(office.executed) == 1


def test_a_lost_answer_is_unknown_then_recovered_on_the_retry_without_a_second_effect(
    audit: AuditLog,
) -> None:
    office = BackOffice()
    office.lose_answer = True
    executor = ActionExecutor(audit, "010")
    lost = executor.run(office, request())
    assert not lost.succeeded and lost.retryable
    assert "No se ha hecho nada" not in lost.message  # it may well have been done
    assert "dos veces" in lost.message
    assert audit.find("k").status == "unknown"  # type: ignore[union-attr]
    office.lose_answer = False
    retried = executor.run(office, request())
    assert retried.succeeded and retried.documents == [Document("Justificante", "http://bo/1.pdf")]
    assert office.lookups == 1 and len(office.executed) == 1  # found, not sent again
    entry = audit.find("k")
    assert entry is not None and entry.status == "succeeded" and entry.attempts == 2


def test_a_request_never_received_is_sent_again_with_the_same_key(audit: AuditLog) -> None:
    office = BackOffice()
    executor = ActionExecutor(audit, "010")
    claim(audit)
    audit.finish("k", status="unknown", error="ReadTimeout", delivered=False)
    outcome = executor.run(office, request())
    assert outcome.succeeded
    assert [r.idempotency_key for r in office.executed] == ["k"]


def test_an_unreachable_back_office_leaves_it_open_and_says_it_will_be_checked(
    audit: AuditLog,
) -> None:
    office = BackOffice()
    office.lose_answer = True
    executor = ActionExecutor(audit, "010")
    executor.run(office, request())
    office.down = True
    outcome = executor.run(office, request())
    assert not outcome.succeeded and outcome.retryable
    assert "dos veces" in outcome.message
    assert audit.find("k").status == "unknown"  # type: ignore[union-attr]
    assert len(office.executed) == 1


def test_a_young_pending_entry_is_in_progress_a_stale_one_is_reconciled(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'audit.db'}")
    database.migrate()
    audit = AuditLog(database, grace=dt.timedelta(seconds=30))
    office = BackOffice()
    office.done["k"] = ActionResult("Cita reservada.", "CITA-1")  # done before ALI was killed
    claim(audit)
    executor = ActionExecutor(audit, "010")
    busy = executor.run(office, request())
    assert not busy.succeeded and busy.retryable and office.lookups == 0
    with database.engine.begin() as connection:  # the claim is 31 s old: its process died
        connection.execute(
            update(ActionLogRow).values(updated_at=utcnow() - dt.timedelta(seconds=31))
        )
    recovered = executor.run(office, request())
    assert recovered.succeeded and recovered.reference == "CITA-1"
    assert office.executed == []  # the back office had done it: nothing sent again


def test_a_new_form_asking_the_same_again_reuses_the_first_key(audit: AuditLog) -> None:
    office = BackOffice()
    office.lose_answer = True
    executor = ActionExecutor(audit, "010")
    executor.run(office, request("k-first-form"))
    office.lose_answer = False
    again = executor.run(office, request("k-second-form"))  # same conversation, same answers
    assert again.succeeded
    assert list(office.done) == ["k-first-form"]  # one effect, under the first key
    assert audit.find("k-second-form") is None
    other = ActionRequest("citas.book_appointment", "alicante", "c1", None, {"a": "2"},
                          "k-other", "es")  # fmt: skip
    executor.run(office, other)  # other answers: another request
    assert set(office.done) == {"k-first-form", "k-other"}


def test_a_busy_back_office_says_to_try_again_and_keeps_the_form(audit: AuditLog) -> None:
    executor = ActionExecutor(audit, "010")
    outcome = executor.run(Flaky(BackOfficeBusy()), request())
    assert not outcome.succeeded and outcome.retryable
    assert "saturado" in outcome.message and "010" in outcome.message
    refused = ActionExecutor(audit, "010").run(Flaky(ActionFailed("Esa hora ya no está libre.")),
                                               request("k2"))  # fmt: skip
    assert not refused.retryable  # a refusal: confirming again would not help


def test_the_audit_names_the_citizen_by_a_pseudonym_only(audit: AuditLog, tmp_path: Path) -> None:
    citizen_request = dataclasses.replace(request(), citizen=Citizen(nif="12345678Z"))
    ActionExecutor(audit, "010").run(BackOffice(), citizen_request, citizen_ref="a1b2c3")
    database = Database(f"sqlite:///{tmp_path / 'audit.db'}")
    with database.session() as session:
        assert session.scalars(select(ActionLogRow.citizen)).all() == ["a1b2c3"]
    database.dispose()
