"""structlog, configured once: console lines in development, JSON in production.

Log events never carry message text; the chat turn logs sizes, ids, scores and latency. Every
event is one line: an exception is rendered as a plain traceback (no local variables, no rich
rendering, which is slow and would print request data) into the `exception` field, and every
string in the event, the traceback included, has personal data redacted before it is written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from ali.safety.redaction import redact

# Keys whose values are never written, whatever they hold.
_SECRET_KEYS = frozenset(
    {"authorization", "cookie", "headers", "body", "password", "token", "x-kiosk-key"}
)
_WITHHELD = "[WITHHELD]"


def _stderr_logger(*_: object) -> structlog.PrintLogger:
    # Resolved at each use: whoever replaced sys.stderr (a test runner, a daemon) is honoured.
    return structlog.PrintLogger(file=sys.stderr)


def _text(text: str) -> str:
    # A lone surrogate cannot be written as UTF-8: it is written as its escape instead.
    return redact(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def _redacted(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, Mapping):
        return {
            key: _WITHHELD if str(key).lower() in _SECRET_KEYS else _redacted(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_redacted(item) for item in value]
    # Anything else would be written as its repr, which may hold personal data too.
    return _text(repr(value))


def redact_event(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """A structlog processor: personal data out of every value of the event (after the
    exception is rendered, so its text is redacted too); secret-named keys withheld."""
    redacted: EventDict = _redacted(event_dict)
    if "timestamp" in event_dict:  # ours, and its digits are not a phone number
        redacted["timestamp"] = event_dict["timestamp"]
    return redacted


class OneLine:
    """Wraps a renderer so that what it writes is a single line (the console renderer would
    put a traceback on lines of its own)."""

    def __init__(self, renderer: Processor) -> None:
        self._renderer = renderer

    def __call__(self, logger: WrappedLogger, name: str, event_dict: EventDict) -> str:
        rendered = self._renderer(logger, name, event_dict)
        text = rendered if isinstance(rendered, str) else str(rendered)
        return text.replace("\r", "").replace("\n", " ⏎ ")


def processors(fmt: str = "console", *, colors: bool = False) -> list[Processor]:
    """The processor chain; JSON renders a traceback as one escaped string in `exception`."""
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else OneLine(
            structlog.dev.ConsoleRenderer(
                colors=colors, exception_formatter=structlog.dev.plain_traceback
            )
        )
    )
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_event,
        renderer,
    ]


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    logging.basicConfig(level=level, stream=sys.stderr, format="%(message)s")
    structlog.configure(
        processors=processors(fmt, colors=sys.stderr.isatty()),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )
