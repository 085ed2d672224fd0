"""The executor against a real audit log: one execution per key, failures recorded and
retryable, a crashing connector never leaves the entry pending."""

from __future__ import annotations

from pathlib import Path

import pytest

from ali.connectors.base import ActionFailed, ActionRequest, ActionResult
from ali.connectors.rehearsal import RehearsalAction
from ali.dialogue.execution import ActionExecutor, idempotency_key
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from tests.conftest import APPOINTMENT_FORM


@pytest.fixture
def audit(tmp_path: Path) -> AuditLog:
    database = Database(f"sqlite:///{tmp_path / 'audit.db'}")
    database.migrate()
    return AuditLog(database)


def request(key: str = "k") -> ActionRequest:
    return ActionRequest("citas.book_appointment", "alicante", "c1", None, {"a": "1"}, key, "es")


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
