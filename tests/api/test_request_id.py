"""A request id on every log line of a request and in its `X-Request-ID` header: the client's
when well-formed, else a new one; in JSON, redacted like every other line."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import structlog
from fastapi.testclient import TestClient

from ali.api.request_id import request_id
from ali.councils import Councils
from ali.logging import processors
from ali.safety.redaction import redact
from tests.api.limits_support import BASE, QUESTION, app_with


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    output = io.StringIO()
    structlog.configure(
        processors=processors("json"),
        logger_factory=structlog.PrintLoggerFactory(file=output),
        cache_logger_on_first_use=False,
    )
    yield output
    structlog.reset_defaults()


def logged(output: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.getvalue().splitlines()]


def test_the_clients_id_is_on_the_turns_line_and_the_response(
    hashing_councils: Councils, lines: io.StringIO
) -> None:
    given = "req-0a1b2c3d4e5f"
    with TestClient(app_with(hashing_councils)) as client:
        response = client.post(f"{BASE}/chat", json=QUESTION, headers={"X-Request-ID": given})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == given
    events = logged(lines)
    turn = [event for event in events if event["event"] == "chat_turn"]
    assert len(turn) == 1  # written in the turn's worker thread, with the request's context
    assert all(event["request_id"] == given for event in events)


@pytest.mark.parametrize(
    "given", ["short", "with spaces in it", "x" * 65, "line\\nbreak-forged", "ünïcödé-ïd-123"]
)
def test_a_malformed_id_is_replaced(
    hashing_councils: Councils, lines: io.StringIO, given: str
) -> None:
    with TestClient(app_with(hashing_councils)) as client:
        response = client.post(
            f"{BASE}/chat", json=QUESTION, headers={b"X-Request-ID": given.encode("utf-8")}
        )
    replaced = response.headers["X-Request-ID"]
    assert replaced != given and replaced[0] == "r" and int(replaced[1:], 16) >= 0
    assert {event["request_id"] for event in logged(lines)} == {replaced}


def test_each_request_gets_its_own_id_and_errors_carry_it(
    hashing_councils: Councils, lines: io.StringIO
) -> None:
    with TestClient(app_with(hashing_councils)) as client:
        first = client.get("/healthz").headers["X-Request-ID"]
        second = client.get("/healthz").headers["X-Request-ID"]
        missing = client.post("/api/v1/councils/nowhere/chat", json=QUESTION)
    assert first != second
    assert missing.status_code == 404 and len(missing.headers["X-Request-ID"]) == 33


def test_an_id_holding_personal_data_is_redacted_in_the_logs(
    hashing_councils: Councils, lines: io.StringIO
) -> None:
    with TestClient(app_with(hashing_councils)) as client:
        client.post(f"{BASE}/chat", json=QUESTION, headers={"X-Request-ID": "12345678Z"})
    written = lines.getvalue()
    assert written and "12345678Z" not in written


def test_generated_ids_survive_redaction() -> None:
    # A generated id is never mistaken for a phone number or a card by the log's redaction.
    ids = [request_id(None) for _ in range(20_000)]
    assert all(redact(rid) == rid for rid in ids)
