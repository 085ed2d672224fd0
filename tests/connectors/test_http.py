"""The back-office client with httpx.MockTransport at the true boundary (the network)."""

from __future__ import annotations

import logging
import threading
import time

import httpx
import pytest

from ali.connectors.bulkhead import Bulkhead
from ali.connectors.http import (
    BackOfficeBusy,
    BackOfficeClient,
    BackOfficeInvalidAnswer,
    BackOfficeNoAnswer,
    BackOfficeUnavailable,
    CircuitBreaker,
    ClientSettings,
    reads_back_office,
)

SETTINGS = ClientSettings(base_url="http://back.office", retries=2, backoff_seconds=0.1)


def client(handler, **options):  # type: ignore[no-untyped-def]
    sleeps: list[float] = []
    made = BackOfficeClient(
        SETTINGS, transport=httpx.MockTransport(handler), sleep=sleeps.append, **options
    )
    return made, sleeps


def test_reads_are_retried_with_backoff_then_succeed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503) if len(calls) < 3 else httpx.Response(200, json={"ok": True})

    made, sleeps = client(handler)
    assert made.request("GET", "/x").json() == {"ok": True}
    assert len(calls) == 3
    assert sleeps == [0.1, 0.2]


def test_writes_without_an_idempotency_key_are_never_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectTimeout("slow", request=request)

    made, _ = client(handler)
    with pytest.raises(BackOfficeUnavailable):
        made.request("POST", "/pay", json={})
    assert len(calls) == 1


def test_writes_with_an_idempotency_key_are_retried_with_the_same_key() -> None:
    keys = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("Idempotency-Key"))
        return httpx.Response(502) if len(keys) == 1 else httpx.Response(201, json={})

    made, _ = client(handler)
    assert made.request("POST", "/pay", json={}, idempotency_key="abc").status_code == 201
    assert keys == ["abc", "abc"]


def test_client_errors_are_returned_not_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(404, json={"error": "NotFound"})

    made, _ = client(handler)
    assert made.request("GET", "/citizen").status_code == 404
    assert len(calls) == 1


def test_the_api_key_is_sent() -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("X-Api-Key"))
        return httpx.Response(200)

    made, _ = client(handler, api_key="s3cret")
    made.request("GET", "/x")
    assert seen == ["s3cret"]


def test_the_circuit_opens_and_recovers() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_seconds=30, clock=lambda: now[0])
    calls = []
    healthy = [False]

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200) if healthy[0] else httpx.Response(500)

    made, _ = client(handler, breaker=breaker)
    for _ in range(2):
        with pytest.raises(BackOfficeUnavailable):
            made.request("POST", "/x")
    with pytest.raises(BackOfficeUnavailable):
        made.request("POST", "/x")
    assert len(calls) == 2  # the third call never left: the circuit is open
    now[0] = 31.0
    healthy[0] = True
    assert made.request("POST", "/x").status_code == 200
    assert made.request("POST", "/x").status_code == 200


class Clock:
    """A monotonic clock the test moves; `sleep` moves it too."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def timed_client(handler, clock: Clock, **settings):  # type: ignore[no-untyped-def]
    options = {"base_url": "http://back.office", "retries": 2, "backoff_seconds": 0.5,
               "timeout_seconds": 5.0, "connect_timeout_seconds": 2.0, "deadline_seconds": 12.0,
               **settings}  # fmt: skip
    return BackOfficeClient(
        ClientSettings(**options),
        transport=httpx.MockTransport(handler),
        sleep=clock.sleep,
        clock=clock,
    )


def test_every_attempt_fits_in_what_is_left_of_the_deadline() -> None:
    clock = Clock()
    timeouts: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        clock.now += request.extensions["timeout"]["read"]  # it hangs until the read times out
        raise httpx.ReadTimeout("hung", request=request)

    made = timed_client(handler, clock)
    with pytest.raises(BackOfficeNoAnswer):
        made.request("GET", "/x")
    assert [t["read"] for t in timeouts] == [5.0, 5.0, 0.5]  # 5, backoff 0.5, 5, backoff 1, 0.5
    assert all(t["connect"] == 2.0 for t in timeouts[:2])
    assert clock.now == 12.0  # never beyond the deadline, retries and backoff included


def test_no_retry_starts_once_the_deadline_has_passed() -> None:
    clock = Clock()
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        clock.now += 11.9
        return httpx.Response(503)

    with pytest.raises(BackOfficeUnavailable):
        timed_client(handler, clock).request("GET", "/x")
    assert len(calls) == 1  # 0.1 s left: not even the backoff fits


def test_timeouts_open_the_circuit() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("hung", request=request)

    breaker = CircuitBreaker(failures=3, reset_seconds=30)
    made, _ = client(handler, breaker=breaker)
    for _ in range(3):
        with pytest.raises(BackOfficeUnavailable):
            made.request("GET", "/x")
    assert breaker.state == "open"
    sent = len(calls)
    with pytest.raises(BackOfficeUnavailable):
        made.request("GET", "/x")
    assert len(calls) == sent  # the fourth call never left


def test_a_request_that_may_have_arrived_is_an_unknown_outcome() -> None:
    def timed_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(BackOfficeNoAnswer) as unknown:
        client(timed_out)[0].request("POST", "/pay", json={}, idempotency_key="k")
    assert unknown.value.outcome_unknown
    with pytest.raises(BackOfficeUnavailable) as not_sent:
        client(refused)[0].request("POST", "/pay", json={}, idempotency_key="k")
    assert not not_sent.value.outcome_unknown
    with pytest.raises(BackOfficeNoAnswer):  # a 5xx: it may have acted before failing
        client(lambda r: httpx.Response(500))[0].request("POST", "/pay", idempotency_key="k")


def test_the_circuit_ignores_late_failures_of_calls_from_before_it_opened() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_seconds=30, clock=lambda: now[0])
    in_flight = [breaker.allow() for _ in range(8)]  # eight calls hang on the same server
    assert all(permit is not None for permit in in_flight)
    breaker.failure(in_flight[0])  # type: ignore[arg-type]
    breaker.failure(in_flight[1])  # type: ignore[arg-type]
    assert breaker.state == "open"
    now[0] = 29.0
    for permit in in_flight[2:]:  # the others time out later: the circuit is not held open
        breaker.failure(permit)  # type: ignore[arg-type]
    now[0] = 30.5
    trial = breaker.allow()
    assert trial is not None and trial.trial


def test_half_open_lets_one_trial_through_and_it_decides() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset_seconds=10, clock=lambda: now[0])
    late = breaker.allow()
    breaker.failure(breaker.allow())  # type: ignore[arg-type]
    assert breaker.allow() is None
    now[0] = 10.0
    trial = breaker.allow()
    assert trial is not None
    assert breaker.allow() is None  # only one trial at a time
    breaker.success(late)  # type: ignore[arg-type]  # a call from before: does not close it
    assert breaker.state == "half-open"
    breaker.failure(trial)
    assert breaker.state == "open" and breaker.allow() is None
    now[0] = 20.0
    second = breaker.allow()
    breaker.success(second)  # type: ignore[arg-type]
    assert breaker.state == "closed" and breaker.allow() is not None


def test_a_busy_back_office_refuses_calls_beyond_its_slots() -> None:
    release = threading.Event()
    entered = threading.Semaphore(0)
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        entered.release()
        release.wait(10)
        return httpx.Response(200)

    bulkhead = Bulkhead(2, max_waiting=1, wait_seconds=0.2)
    made, _ = client(handler, bulkhead=bulkhead)
    holders = [threading.Thread(target=made.request, args=("GET", "/x")) for _ in range(2)]
    for holder in holders:
        holder.start()
    for _ in holders:
        assert entered.acquire(timeout=5)
    outcomes: list[str] = []

    def wait_for_a_slot() -> None:
        try:
            made.request("GET", "/x")
            outcomes.append("sent")
        except BackOfficeBusy:
            outcomes.append("busy")

    waiter = threading.Thread(target=wait_for_a_slot)
    waiter.start()
    while bulkhead.waiting == 0 and waiter.is_alive():
        time.sleep(0.01)
    with pytest.raises(BackOfficeBusy):  # no room to wait either: refused at once
        made.request("GET", "/x")
    waiter.join(5)
    assert outcomes == ["busy"]  # waited its 0.2 s, no slot freed
    release.set()
    for holder in holders:
        holder.join(5)
    assert len(calls) == 2  # the refused calls never reached the back office
    assert made.request("GET", "/x").status_code == 200  # slots free again


def test_a_caller_waiting_for_a_slot_gets_one_when_it_frees() -> None:
    bulkhead = Bulkhead(1, max_waiting=1, wait_seconds=5)
    got: list[float] = []
    with bulkhead.slot():
        waiter = threading.Thread(target=lambda: got.append(_timed_slot(bulkhead)))
        waiter.start()
        while bulkhead.waiting == 0:
            time.sleep(0.01)
    waiter.join(5)
    assert len(got) == 1 and bulkhead.in_flight == 0


def _timed_slot(bulkhead: Bulkhead) -> float:
    with bulkhead.slot():
        return 1.0


def test_the_deployment_wide_bulkhead_bounds_calls_to_all_back_offices() -> None:
    release = threading.Event()
    entered = threading.Semaphore(0)

    def handler(request: httpx.Request) -> httpx.Response:
        entered.release()
        release.wait(10)
        return httpx.Response(200)

    threads = Bulkhead(1)
    one, _ = client(handler, threads=threads)
    other, _ = client(handler, threads=threads)  # another back office, its own bulkhead
    holder = threading.Thread(target=one.request, args=("GET", "/x"))
    holder.start()
    assert entered.acquire(timeout=5)
    with pytest.raises(BackOfficeBusy):
        other.request("GET", "/y")
    release.set()
    holder.join(5)


def test_an_unreadable_answer_is_a_clear_failure_that_counts_against_the_back_office() -> None:
    breaker = CircuitBreaker(failures=5, reset_seconds=30)

    class Reader:
        def __init__(self, made: BackOfficeClient) -> None:
            self._client = made

        @reads_back_office
        def read(self) -> str:
            return str(self._client.request("GET", "/x").json()["csv"])

    def answering(body: bytes) -> Reader:
        made, _ = client(lambda r: httpx.Response(200, content=body), breaker=breaker)
        return Reader(made)

    for body in (b"<html>maintenance</html>", b'{"csv": "ALI-', b'{"other": 1}', b"[1]"):
        with pytest.raises(BackOfficeInvalidAnswer):
            answering(body).read()
    assert answering(b'{"csv": "ALI-1"}').read() == "ALI-1"  # a readable answer: reset
    for _ in range(4):
        with pytest.raises(BackOfficeInvalidAnswer):
            answering(b"<html>").read()
    assert breaker.state == "closed"
    with pytest.raises(BackOfficeInvalidAnswer):
        answering(b"<html>").read()
    assert breaker.state == "open"  # five broken answers in a row


def test_request_lines_and_queries_stay_out_of_the_logs(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # even with the root logger at DEBUG
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503)

    made, _ = client(handler)
    with pytest.raises(BackOfficeUnavailable):
        made.request("GET", "/tributos/receipts", headers={"X-Citizen-Nif": "12345678Z"},
                     params={"year": "2026"})  # fmt: skip
    assert seen[0].url.query == b"year=2026"
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    assert not [r for r in caplog.records if r.name.startswith(("httpx", "httpcore"))]
    assert "12345678Z" not in caplog.text + capsys.readouterr().err
