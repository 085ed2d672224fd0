"""A per-client brake on guessing the admin password: after `max_failures` failed sign-ins
within `window_seconds`, that client is refused until its oldest failure leaves the window."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

_MAX_CLIENTS = 10_000  # memory bound under a spray of addresses


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds until `client` may try again, or None when it may try now."""
        now = self._clock()
        with self._lock:
            failures = self._recent(client, now)
            if len(failures) < self.max_failures:
                return None
            return max(1, int(failures[0] + self.window_seconds - now) + 1)

    def failed(self, client: str) -> None:
        now = self._clock()
        with self._lock:
            if client not in self._failures and len(self._failures) >= _MAX_CLIENTS:
                self._forget_stale(now)
            self._recent(client, now).append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(client, deque(maxlen=self.max_failures))
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        return failures

    def _forget_stale(self, now: float) -> None:
        for client in list(self._failures):
            if not self._recent(client, now):
                del self._failures[client]
        if len(self._failures) >= _MAX_CLIENTS:  # still full: drop the oldest entries
            for client in list(self._failures)[: _MAX_CLIENTS // 10]:
                del self._failures[client]
