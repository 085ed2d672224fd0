"""The back-office client with httpx.MockTransport at the true boundary (the network)."""

from __future__ import annotations

import httpx
import pytest

from ali.connectors.http import (
    BackOfficeClient,
    BackOfficeUnavailable,
    CircuitBreaker,
    ClientSettings,
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
