"""Every log event is one line, with a plain traceback and personal data redacted."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import structlog

from ali.logging import processors, redact_event

NIF = "12345678Z"
CARD = "4111 1111 1111 1111"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    yield io.StringIO()
    structlog.reset_defaults()


def use(fmt: str, output: io.StringIO) -> structlog.typing.FilteringBoundLogger:
    structlog.configure(
        processors=processors(fmt),
        logger_factory=structlog.PrintLoggerFactory(file=output),
        cache_logger_on_first_use=False,
    )
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger("test")
    return logger


def fail_with_personal_data() -> None:
    secret_local = f"a local holding {NIF}"  # noqa: F841 - a traceback with locals would show it
    raise ValueError(f"card {CARD} refused for {NIF}")


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_an_exception_is_one_redacted_line_without_locals(fmt: str, output: io.StringIO) -> None:
    log = use(fmt, output)
    try:
        fail_with_personal_data()
    except ValueError as exc:
        log.error("unexpected_error", path=f"/api/v1/councils/{NIF}/chat", exc_info=exc)
    written = output.getvalue()
    assert written.count("\n") == 1  # one line, its own newline included
    assert NIF not in written
    assert "4111" not in written
    assert "[DNI]" in written and "[CARD]" in written
    assert "fail_with_personal_data" in written  # the traceback itself is there
    assert "secret_local" not in written and "a local holding" not in written  # no locals
    assert "╭" not in written and "│" not in written  # no rich rendering


def test_json_logs_keep_the_traceback_in_an_exception_field(output: io.StringIO) -> None:
    log = use("json", output)
    try:
        fail_with_personal_data()
    except ValueError as exc:
        log.error("unexpected_error", exc_info=exc)
    event = json.loads(output.getvalue())
    assert event["event"] == "unexpected_error"
    assert event["exception"].startswith("Traceback (most recent call last):")
    last_line = event["exception"].splitlines()[-1]
    assert last_line.startswith("ValueError: card [CARD]") and last_line.endswith("for [DNI]")


def test_personal_data_is_redacted_in_nested_values_and_reprs(output: io.StringIO) -> None:
    class Citizen:
        def __repr__(self) -> str:
            return f"Citizen(nif={NIF!r})"

    log = use("json", output)
    log.info("turn", who=Citizen(), where={"contact": ["ana@example.org", "+34 612 345 678"]})
    event = json.loads(output.getvalue())
    assert event["who"] == "Citizen(nif='[DNI]')"
    assert event["where"] == {"contact": ["[EMAIL]", "[PHONE]"]}


def test_authorization_headers_and_bodies_are_withheld() -> None:
    event = redact_event(
        None,
        "info",
        {
            "event": "request",
            "Authorization": "Bearer eyJhbGciOi.secret.sig",
            "request": {"headers": [("authorization", "Bearer x")], "body": b"{}"},
        },
    )
    assert event["Authorization"] == "[WITHHELD]"
    assert event["request"] == {"headers": "[WITHHELD]", "body": "[WITHHELD]"}


def test_a_lone_surrogate_or_a_terminal_escape_is_not_written(output: io.StringIO) -> None:
    log = use("console", output)
    log.info("odd", text="hola \ud800 \x1b[2J")
    written = output.getvalue()
    written.encode("utf-8")  # would raise if the surrogate were written as is
    assert "\x1b" not in written and "hola" in written


def test_counts_and_scores_are_left_as_they_are(output: io.StringIO) -> None:
    log = use("json", output)
    log.info("chat_turn", latency_ms=12.5, candidates=3, confident=True, procedure=None)
    event = json.loads(output.getvalue())
    assert (event["latency_ms"], event["candidates"], event["confident"]) == (12.5, 3, True)
    assert event["procedure"] is None
