"""The HTTP client connectors use to reach a council's back office.

Every call is bounded: `connect_timeout_seconds` to connect, `timeout_seconds` per read, and
`deadline_seconds` in all, retries and backoff included. Only idempotent calls are retried
(reads, and writes that carry an `Idempotency-Key` the back office honours). A bulkhead bounds
the calls in flight to one back office (and their waiters), a circuit breaker stops calling one
that keeps failing or timing out, so a citizen waits seconds, not minutes, and informational
answers never depend on it. Transport errors and 5xx answers become `BackOfficeUnavailable`
(`BackOfficeNoAnswer` when the request may have reached the back office), which the dialogue
turns into a clear message and an alternative.

Request lines are not logged: httpx would log each URL at INFO, and a URL may carry a
citizen's identifier. ALI's own `back_office_error` line names the path without its query.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import httpx
import structlog

from ali.actions.action import ActionFailed
from ali.connectors.breaker import CircuitBreaker
from ali.connectors.bulkhead import Bulkhead
from ali.connectors.contracts.shared import NEVER_RECEIVED
from ali.connectors.failures import (
    BackOfficeBusy,
    BackOfficeInvalidAnswer,
    BackOfficeNoAnswer,
    BackOfficeUnavailable,
)
from ali.identity.citizen import Citizen
from ali.observability.metrics import Metrics, default_metrics

__all__ = [
    "BackOfficeBusy",
    "BackOfficeClient",
    "BackOfficeInvalidAnswer",
    "BackOfficeNoAnswer",
    "BackOfficeUnavailable",
    "CircuitBreaker",
    "ClientSettings",
    "citizen_header",
    "expect_json",
    "found_by_key",
    "reads_back_office",
]

log = structlog.get_logger("ali.connectors")

for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# Failures that happen before the request leaves: the back office cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# A connector found the answer not to be what the API promises: a body that is not JSON or
# does not match its contract model (json's and pydantic's errors are ValueErrors), or one
# read by hand that lacks what it needs.
_UNREADABLE = (KeyError, TypeError, ValueError, IndexError, AttributeError)


class _CircuitOpen(BackOfficeUnavailable):
    """Not sent: the back office's circuit is open (counted apart from other failures)."""


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    timeout_seconds: float = 8.0  # each read
    retries: int = 2
    backoff_seconds: float = 0.2
    breaker_failures: int = 5
    breaker_reset_seconds: float = 30.0
    connect_timeout_seconds: float = 2.0
    deadline_seconds: float = 12.0  # the whole call, retries included
    max_in_flight: int = 8
    max_waiting: int = 8
    slot_wait_seconds: float = 1.0
    connector: str = "unknown"  # the profile's connector type, the metrics' label


class BackOfficeClient:
    def __init__(
        self,
        settings: ClientSettings,
        *,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        breaker: CircuitBreaker | None = None,
        bulkhead: Bulkhead | None = None,
        threads: Bulkhead | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        """`breaker` and `bulkhead` are shared by the clients of one back office; `threads`
        by every client of the deployment (see `BackOffices`); `metrics` (the process's
        default) counts each call by outcome and each failed attempt."""
        headers = {"X-Api-Key": api_key} if api_key else {}
        self._settings = settings
        self._http = httpx.Client(
            base_url=settings.base_url,
            timeout=self._timeout(settings.deadline_seconds),
            headers=headers,
            transport=transport,
        )
        self._sleep = sleep
        self._clock = clock
        self._breaker = breaker or CircuitBreaker(
            settings.breaker_failures, settings.breaker_reset_seconds
        )
        self._bulkhead = bulkhead or Bulkhead(
            settings.max_in_flight,
            max_waiting=settings.max_waiting,
            wait_seconds=settings.slot_wait_seconds,
        )
        self._threads = threads
        self._metrics = metrics or default_metrics()

    @property
    def settings(self) -> ClientSettings:
        return self._settings

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        idempotency_key: str | None = None,
        data: dict[str, str] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> httpx.Response:
        """One call; 4xx answers are returned for the connector to interpret. `data` and
        `files` send a multipart form (files as (field, (filename, bytes, media type)))."""
        deadline = self._clock() + self._settings.deadline_seconds
        sent_headers = dict(headers or {})
        if idempotency_key:
            sent_headers["Idempotency-Key"] = idempotency_key
        connector = self._settings.connector
        try:
            if self._threads is not None:
                with self._threads.slot(), self._bulkhead.slot():
                    response = self._call(method, path, deadline, json, params, sent_headers,
                                          data, files)  # fmt: skip
            else:
                with self._bulkhead.slot():
                    response = self._call(
                        method, path, deadline, json, params, sent_headers, data, files
                    )
        except BackOfficeBusy:
            log.warning("back_office_busy", path=path)
            self._metrics.connector_call(connector, "busy")
            raise
        except _CircuitOpen:
            self._metrics.connector_call(connector, "circuit_open")
            raise
        except BackOfficeNoAnswer:
            self._metrics.connector_call(connector, "no_answer")
            raise
        except BackOfficeUnavailable:
            self._metrics.connector_call(connector, "unavailable")
            raise
        self._metrics.connector_call(connector, "ok" if response.status_code < 400 else "rejected")
        return response

    def _call(
        self,
        method: str,
        path: str,
        deadline: float,
        json: Any,
        params: dict[str, str] | None,
        headers: dict[str, str],
        data: dict[str, str] | None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None,
    ) -> httpx.Response:
        permit = self._breaker.allow()
        if permit is None:
            raise _CircuitOpen()
        idempotent = method.upper() in ("GET", "HEAD") or "Idempotency-Key" in headers
        attempts = 1 + (self._settings.retries if idempotent else 0)
        sent = False
        for attempt in range(attempts):
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            try:
                response = self._http.request(
                    method, path, json=json, params=params, headers=headers, data=data,
                    files=files, timeout=self._timeout(remaining),
                )  # fmt: skip
            except httpx.HTTPError as exc:
                problem = type(exc).__name__
                sent = sent or not isinstance(exc, _NOT_SENT)
                error = "timeout" if isinstance(exc, httpx.TimeoutException) else "transport"
            else:
                if response.status_code < 500:
                    self._breaker.success(permit)
                    return response
                problem = f"HTTP {response.status_code}"
                sent = True
                error = "server_error"
            self._metrics.connector_error(self._settings.connector, error)
            log.warning("back_office_error", path=path, attempt=attempt + 1, problem=problem)
            pause = self._settings.backoff_seconds * (2**attempt)
            if attempt + 1 >= attempts or deadline - self._clock() <= pause:
                break  # no retry left, or no time left for one
            self._sleep(pause)
        self._breaker.failure(permit)
        raise BackOfficeNoAnswer() if sent else BackOfficeUnavailable()

    def broken_answer(self, problem: str) -> BackOfficeInvalidAnswer:
        """Record that an answer could not be read (it counts against the back office)."""
        self._breaker.broken_answer()
        self._metrics.connector_error(self._settings.connector, "invalid_answer")
        log.warning("back_office_invalid_answer", problem=problem)
        return BackOfficeInvalidAnswer()

    def answer_read(self) -> None:
        """Record that the answers of a connector's call could be read."""
        self._breaker.answer_read()

    def _timeout(self, remaining: float) -> httpx.Timeout:
        read = min(self._settings.timeout_seconds, remaining)
        connect = min(self._settings.connect_timeout_seconds, remaining)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def close(self) -> None:
        self._http.close()


def expect_json(response: httpx.Response) -> Any:
    """The body of a successful answer (200 or 201); anything else is a failed action. A body
    that is not JSON raises `ValueError`, which `reads_back_office` turns into
    `BackOfficeInvalidAnswer`."""
    if response.status_code not in (200, 201):
        raise ActionFailed()
    return response.json()


def citizen_header(citizen: Citizen) -> dict[str, str]:
    """Whose data a read asks for, as the `X-Citizen-Nif` header: a NIF is never put in a URL,
    which proxies, access logs and HTTP clients write down."""
    return {"X-Citizen-Nif": citizen.nif}


def found_by_key(response: httpx.Response) -> Any | None:
    """The answer to a lookup by idempotency key: the original result's body, or None when
    the back office says it never received the request (404 `NeverReceived`). Anything else
    means it cannot tell now."""
    if response.status_code == 404:
        body = response.json()
        never = isinstance(body, dict) and body.get("error") == NEVER_RECEIVED
        if never:
            return None
    if response.status_code != 200:
        raise BackOfficeUnavailable()
    return response.json()


class _Connector(Protocol):
    _client: BackOfficeClient


C = TypeVar("C", bound=_Connector)
P = ParamSpec("P")
R = TypeVar("R")


def reads_back_office(
    method: Callable[Concatenate[C, P], R],
) -> Callable[Concatenate[C, P], R]:
    """For a connector method that reads the back office's answers: a missing field, a value
    of the wrong type or a body that is not JSON means the back office broke its contract,
    and becomes `BackOfficeInvalidAnswer` (never a crash, and it counts against the breaker)."""

    @functools.wraps(method)
    def reading(connector: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = method(connector, *args, **kwargs)
        except _UNREADABLE as exc:
            raise connector._client.broken_answer(type(exc).__name__) from exc
        connector._client.answer_read()
        return result

    return reading
