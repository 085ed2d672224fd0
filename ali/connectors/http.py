"""The HTTP client connectors use to reach a council's back office.

Every call has a timeout. Only idempotent calls are retried (reads, and writes that carry an
`Idempotency-Key` the back office honours), with exponential backoff. A circuit breaker stops
calling a back office that keeps failing, so a citizen waits seconds, not minutes, and
informational answers never depend on it. Transport errors and 5xx answers become
`BackOfficeUnavailable`, which the dialogue turns into a clear message and an alternative.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import structlog

from ali.connectors.base import ActionFailed

log = structlog.get_logger("ali.connectors")


class BackOfficeUnavailable(ActionFailed):
    """The back office did not answer (timeout, network, 5xx, or the circuit is open)."""

    public_detail = "The council's system is not responding right now."


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    timeout_seconds: float = 5.0
    retries: int = 2
    backoff_seconds: float = 0.2
    breaker_failures: int = 5
    breaker_reset_seconds: float = 30.0


class CircuitBreaker:
    """Opens after `failures` consecutive failures; lets one call through after `reset`."""

    def __init__(
        self, failures: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._threshold = failures
        self._reset = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return True
            if self._clock() - self._opened_at >= self._reset:
                self._opened_at = None  # half-open: one trial call
                self._failures = self._threshold - 1
                return True
            return False

    def success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self._threshold:
                self._opened_at = self._clock()


class BackOfficeClient:
    def __init__(
        self,
        settings: ClientSettings,
        *,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        headers = {"X-Api-Key": api_key} if api_key else {}
        self._settings = settings
        self._http = httpx.Client(
            base_url=settings.base_url,
            timeout=settings.timeout_seconds,
            headers=headers,
            transport=transport,
        )
        self._sleep = sleep
        self._breaker = breaker or CircuitBreaker(
            settings.breaker_failures, settings.breaker_reset_seconds
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        idempotency_key: str | None = None,
        data: dict[str, str] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> httpx.Response:
        """One call; 4xx answers are returned for the connector to interpret. `data` and
        `files` send a multipart form (files as (field, (filename, bytes, media type)))."""
        if not self._breaker.allow():
            raise BackOfficeUnavailable()
        idempotent = method.upper() in ("GET", "HEAD") or idempotency_key is not None
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        attempts = 1 + (self._settings.retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                response = self._http.request(
                    method, path, json=json, params=params, headers=headers, data=data,
                    files=files,
                )  # fmt: skip
            except httpx.HTTPError as exc:
                problem = type(exc).__name__
            else:
                if response.status_code < 500:
                    self._breaker.success()
                    return response
                problem = f"HTTP {response.status_code}"
            log.warning("back_office_error", path=path, attempt=attempt + 1, problem=problem)
            if attempt + 1 < attempts:
                self._sleep(self._settings.backoff_seconds * (2**attempt))
        self._breaker.failure()
        raise BackOfficeUnavailable()

    def close(self) -> None:
        self._http.close()


def expect_json(response: httpx.Response) -> Any:
    """The body of a successful answer (200 or 201); anything else is a failed action."""
    if response.status_code not in (200, 201):
        raise ActionFailed()
    return response.json()
