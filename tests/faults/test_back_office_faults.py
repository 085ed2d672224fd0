"""ALI against a back office that is stopped, hung or talking nonsense: every action gets a
clear answer (never a 500), the audit log says what is known, the circuit opens, and while
action turns hang an anonymous informational question is still answered first."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from structlog.testing import capture_logs

from ali.logging import configure_logging
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from tests.support.faults import Ali, AliFactory, FaultServer, stopped_back_office
from tests.support.servers import Sandbox

MARIA = "99000001C"
INFO = "¿cuánto cuesta el volante de empadronamiento?"
UNCONFIRMED = "no sé si tu solicitud se ha completado"
NOT_DONE = "No he podido completarlo"
BUSY = "saturado"


def statuses(ali: Ali) -> list[str]:
    database = Database(ali.settings.database_url)
    try:
        return [entry.status for entry in AuditLog(database).entries("alicante")]
    finally:
        database.dispose()


def confirm(ali: Ali, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    conversation = ali.confirming_certificate(headers)
    reply = ali.say("sí", conversation, headers)
    assert reply.status_code == 200, reply.text
    body: dict = reply.json()  # type: ignore[type-arg]
    assert body["intent"] == "action_result"
    assert "Traceback" not in body["reply"]
    return body


def test_a_stopped_back_office_is_told_clearly_and_the_circuit_opens(make_ali: AliFactory) -> None:
    ali = make_ali(stopped_back_office(), breaker_failures=3)
    headers = ali.sign_in(MARIA)
    calls_per_action = []
    for _ in range(4):
        with capture_logs() as events:
            body = confirm(ali, headers)
        calls_per_action.append(sum(e["event"] == "back_office_error" for e in events))
        assert body["reply"].startswith(NOT_DONE) and "010" in body["reply"]
        assert body["form"]["confirming"]  # "sí" again later sends the same request
    assert all(calls for calls in calls_per_action[:3])
    assert calls_per_action[3] == 0  # the circuit is open: no call was even tried
    assert statuses(ali) == ["failed"] * 4  # connection refused: certainly not received
    info = ali.say(INFO)
    assert info.status_code == 200 and info.json()["intent"] == "procedure_info"


def test_a_hung_back_office_is_an_unknown_outcome_and_the_circuit_opens(
    make_ali: AliFactory, fault_server: Callable[[str], FaultServer]
) -> None:
    server = fault_server("hang")
    ali = make_ali(server.url, deadline_seconds=1.5, reconcile_after_seconds=5,
                   breaker_failures=3)  # fmt: skip
    headers = ali.sign_in(MARIA)
    replies = [confirm(ali, headers)["reply"] for _ in range(4)]
    assert all(UNCONFIRMED in reply and "010" in reply for reply in replies[:3])
    assert replies[3].startswith(NOT_DONE)  # circuit open: refused before sending
    reached = server.accepted
    assert statuses(ali) == ["unknown"] * 3 + ["failed"]
    confirm(ali, headers)
    assert server.accepted == reached  # still open: nothing more reached the back office


@pytest.mark.parametrize("mode", ["html", "truncated", "schema"])
def test_garbage_from_the_back_office_is_a_clear_answer_never_a_crash(
    make_ali: AliFactory, fault_server: Callable[[str], FaultServer], mode: str
) -> None:
    server = fault_server(mode)
    ali = make_ali(server.url, breaker_failures=3)
    headers = ali.sign_in(MARIA)
    replies = [confirm(ali, headers)["reply"] for _ in range(4)]
    # A 200 that cannot be read may hide a certificate issued: unknown, reconciled later.
    assert all(UNCONFIRMED in reply for reply in replies[:3])
    assert statuses(ali)[:3] == ["unknown"] * 3
    assert server.accepted == 3  # three broken answers opened the circuit
    assert replies[3].startswith(NOT_DONE)


@pytest.mark.slow
def test_while_action_turns_hang_an_informational_question_is_answered_first(
    make_ali: AliFactory, fault_server: Callable[[str], FaultServer]
) -> None:
    server = fault_server("hang")
    ali = make_ali(server.url, deadline_seconds=6, reconcile_after_seconds=10)
    headers = ali.sign_in(MARIA)
    conversations = [ali.confirming_certificate(headers) for _ in range(45)]
    order = itertools.count()
    finished: dict[str, tuple[int, httpx.Response]] = {}
    lock = threading.Lock()

    def turn(name: str, message: str, conversation: str | None, signed: bool) -> None:
        reply = ali.say(message, conversation, headers if signed else None)
        with lock:
            finished[name] = (next(order), reply)

    with ThreadPoolExecutor(max_workers=50) as pool:
        for number, conversation in enumerate(conversations):
            pool.submit(turn, f"action-{number}", "sí", conversation, True)
        # Wait until the back office holds as many calls as it ever will (its slots).
        for _ in range(600):
            if server.open_now >= ali.settings.connectors.max_in_flight:
                break
            threading.Event().wait(0.05)
        info = pool.submit(turn, "info", INFO, None, False)
        info.result(timeout=120)
    assert len(finished) == 46
    replies = {name: reply for name, (_, reply) in finished.items()}
    assert all(reply.status_code == 200 for reply in replies.values())
    assert replies["info"].json()["intent"] == "procedure_info"
    hung = [name for name, reply in replies.items() if UNCONFIRMED in reply.json()["reply"]]
    refused = [name for name, reply in replies.items()
               if name != "info" and UNCONFIRMED not in reply.json()["reply"]]  # fmt: skip
    assert len(hung) == ali.settings.connectors.max_in_flight  # the rest never got a slot
    assert all(BUSY in replies[name].json()["reply"] or NOT_DONE in replies[name].json()["reply"]
               for name in refused)  # fmt: skip
    assert server.most_open <= ali.settings.connectors.max_in_flight
    # The informational answer did not wait for any call stuck on the back office.
    assert finished["info"][0] < min(finished[name][0] for name in hung)


def test_a_whole_action_leaves_no_nif_in_the_logs(
    make_ali: AliFactory,
    fault_sandbox: Sandbox,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A certificate issued and a receipt chosen against the real sandbox, with ALI logging as
    it does in production: neither ALI's lines, nor httpx's, nor the back office's access log
    (same process here) carry the citizen's NIF."""
    configure_logging("INFO")
    caplog.set_level(logging.INFO)
    ali = make_ali(fault_sandbox.url)
    capfd.readouterr()
    caplog.clear()
    issued = confirm(ali, ali.sign_in(MARIA))
    assert issued["documents"], issued["reply"]  # the certificate came
    nie = "X9900005T"
    paying = ali.say("quiero pagar un recibo", None, ali.sign_in(nie)).json()
    assert paying["form"]["slot"] == "receipt", paying["reply"]  # receipts were listed
    logged = capfd.readouterr()
    text = logged.out + logged.err + caplog.text
    assert "back_office" in text or "chat_turn" in text  # the logs were captured
    for nif in (MARIA, nie):
        assert nif not in text
