"""ALI killed (SIGKILL) while the back office carries out an action: after a restart on the same
database the action is reconciled, nothing is done twice, and the citizen's retry gets the
original result.

`ali serve` runs in a subprocess (hashing embedder, loopback); the sandbox runs in this process
with a test-only delay between doing a write and answering it, which is when ALI is killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from ali.settings import BackOfficeSettings
from ali_sandbox.app import create_sandbox_app
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.models import CertificateRow, RegistryEntryRow
from ali_sandbox.settings import SandboxSettings
from tests.support.councils import ALICANTE
from tests.support.faults import CHAT
from tests.support.files import pdf_bytes
from tests.support.servers import KEY, free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ANSWER_DELAY = 8.0  # the back office has done it; its answer takes this long to leave


class SlowSandbox:
    """The sandbox on loopback, answering certificates and registry filings late."""

    def __init__(self, data_dir: Path) -> None:
        import uvicorn

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.settings = SandboxSettings(
            data_dir=data_dir,
            public_url=self.url,
            api_key=SecretStr(KEY),
            answer_delays={"padron.certificates": ANSWER_DELAY, "registro.entries": ANSWER_DELAY},
        )
        config = uvicorn.Config(create_sandbox_app(self.settings), host="127.0.0.1", port=port,
                                log_config=None)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        self.database = SandboxDatabase(self.settings.database_path)

    def count(self, row: type[CertificateRow] | type[RegistryEntryRow], nif: str) -> int:
        with self.database.session() as session:
            found = session.scalar(select(func.count()).select_from(row).where(row.nif == nif))
            return int(found or 0)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.database.dispose()


class AliProcess:
    """`ali serve` in a subprocess, on a data directory that outlives it."""

    def __init__(self, root: Path, sandbox: SlowSandbox) -> None:
        council = root / "knowledge" / "alicante"
        if not council.exists():
            shutil.copytree(ALICANTE, council)
        self.root = root
        self.database = root / "data" / "ali.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ALI_ENVIRONMENT": "test",
            "ALI_DATA_DIR": str(root / "data"),
            "ALI_KNOWLEDGE_DIR": str(root / "knowledge"),
            "ALI_EMBEDDER__BACKEND": "hashing",
            "ALI_CONNECTOR_KEYS": f'{{"alicante": "{KEY}"}}',
            "ALI_BACK_OFFICES": json.dumps(
                {"alicante": BackOfficeSettings.sandbox(sandbox.url).model_dump(mode="json")}
            ),
            # A short deadline and grace, so the test does not wait for the defaults' 30 s.
            "ALI_CONNECTORS__DEADLINE_SECONDS": "4",
            "ALI_CONNECTORS__RECONCILE_AFTER_SECONDS": "5",
        }
        self.log = (root / f"ali-{self.port}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ali", "serve", "--port", str(self.port)],
            env=env, cwd=root, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "ALI exited at start-up"
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        pytest.fail("ALI did not become ready")

    def say(self, message: str, conversation: str | None, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
        response = httpx.post(
            f"{self.url}{CHAT}",
            json={"conversation_id": conversation, "message": message},
            headers=headers,
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no shutdown, no cleanup
        self.process.wait(timeout=30)
        self.log.close()

    def audit(self) -> list[tuple[str, str, str | None]]:
        with sqlite3.connect(self.database) as connection:
            rows = connection.execute(
                "SELECT action, status, reference FROM action_log ORDER BY id"
            ).fetchall()
        return [(str(a), str(s), r) for a, s, r in rows]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SlowSandbox]:
    served = SlowSandbox(tmp_path / "sandbox")
    yield served
    served.stop()


@pytest.fixture
def started(tmp_path: Path, sandbox: SlowSandbox) -> Iterator[Callable[[], AliProcess]]:
    processes: list[AliProcess] = []

    def start() -> AliProcess:
        processes.append(AliProcess(tmp_path / "ali", sandbox))
        return processes[-1]

    yield start
    for process in processes:
        if process.process.poll() is None:
            process.kill()


def sign_in(sandbox: SlowSandbox, nif: str) -> dict[str, str]:
    token = httpx.post(f"{sandbox.url}/idp/token", json={"nif": nif}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def confirm_and_kill(ali: AliProcess, conversation: str, headers: dict[str, str],
                     done: Callable[[], bool]) -> None:  # fmt: skip
    """Confirm, wait until the back office has done it (its answer still on its way), and
    SIGKILL ALI mid-call."""

    def confirm() -> None:
        with contextlib.suppress(httpx.HTTPError):  # ALI dies under it: the citizen sees nothing
            httpx.post(f"{ali.url}{CHAT}", json={"conversation_id": conversation, "message": "sí"},
                       headers=headers, timeout=60)  # fmt: skip

    threading.Thread(target=confirm, daemon=True).start()
    wait_for(done, "the back office to act")
    ali.kill()


def test_a_certificate_issued_while_ali_was_killed_is_reconciled_and_not_issued_twice(
    sandbox: SlowSandbox, started: Callable[[], AliProcess]
) -> None:
    nif = "99000002K"
    headers = sign_in(sandbox, nif)
    ali = started()
    conversation = None
    for message in ("quiero el certificado de empadronamiento", "individual", "beca de estudios"):
        reply = ali.say(message, conversation, headers)
        conversation = reply["conversation_id"]
    assert reply["intent"] == "confirmation", reply["reply"]
    assert conversation is not None
    before = sandbox.count(CertificateRow, nif)
    confirm_and_kill(
        ali, conversation, headers, lambda: sandbox.count(CertificateRow, nif) > before
    )
    assert ali.audit() == [("padron.issue_certificate", "pending", None)]  # stuck, as it was

    time.sleep(ANSWER_DELAY)  # the back office finishes (its answer goes nowhere)
    again = started()  # same database, same data directory
    wait_for(lambda: again.audit()[0][1] == "succeeded", "start-up reconciliation")
    with sandbox.database.session() as session:
        issued = session.scalars(select(CertificateRow).where(CertificateRow.nif == nif)).all()
    assert len(issued) == before + 1  # exactly one certificate
    csv = issued[-1].csv
    assert again.audit() == [("padron.issue_certificate", "succeeded", csv)]

    retry = again.say("sí", conversation, headers)  # the citizen, who never got an answer
    assert retry["intent"] == "action_result", retry["reply"]
    assert csv in retry["reply"]
    assert [d["url"] for d in retry["documents"]] == [f"{sandbox.url}/verify/{csv}.pdf"]
    assert httpx.get(retry["documents"][0]["url"]).status_code == 200
    assert sandbox.count(CertificateRow, nif) == before + 1  # still one


def test_an_application_filed_while_ali_was_killed_gets_its_receipt_on_the_retry(
    sandbox: SlowSandbox, started: Callable[[], AliProcess]
) -> None:
    nif = "99000003E"
    headers = sign_in(sandbox, nif)
    ali = started()
    start = ali.say("quiero presentar una instancia general", None, headers)
    assert start["form"]["slot"] == "subject", start["reply"]
    conversation = start["conversation_id"]
    ali.say("Solicitud de poda de un árbol", conversation, headers)
    ali.say("Pido que poden el árbol frente a mi portal, sus ramas tocan la fachada.",
            conversation, headers)  # fmt: skip
    uploaded = httpx.post(
        f"{ali.url}/api/v1/councils/alicante/conversations/{conversation}/attachments",
        files={"file": ("foto del árbol.pdf", pdf_bytes(), "application/pdf")},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert ali.say("listo", conversation, headers)["intent"] == "confirmation"
    before = sandbox.count(RegistryEntryRow, nif)
    confirm_and_kill(ali, conversation, headers,
                     lambda: sandbox.count(RegistryEntryRow, nif) > before)  # fmt: skip

    time.sleep(ANSWER_DELAY)
    again = started()
    wait_for(lambda: again.audit()[0][1] == "succeeded", "start-up reconciliation")
    with sandbox.database.session() as session:
        entries = session.scalars(select(RegistryEntryRow).where(RegistryEntryRow.nif == nif)).all()
    assert len(entries) == before + 1  # filed once
    number, csv = entries[-1].number, entries[-1].csv

    retry = again.say("sí", conversation, headers)
    assert retry["intent"] == "action_result", retry["reply"]
    assert number in retry["reply"] and csv in retry["reply"]
    assert [d["url"] for d in retry["documents"]] == [f"{sandbox.url}/verify/{csv}.pdf"]
    assert sandbox.count(RegistryEntryRow, nif) == before + 1
