"""A circuit breaker for one model server: after `failures` consecutive failed calls it opens
and turns fall back at once, without waiting for a timeout; after `reset_seconds` one trial call
is let through (half-open), whose outcome closes or reopens it. (The back offices' breaker,
ali.connectors.breaker, also tracks calls in flight across threads; model calls of one process
share this one, and a stale result only moves it a step.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

State = Literal["closed", "open", "half-open"]


class ModelBreaker:
    def __init__(
        self, failures: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if failures < 1 or reset_seconds <= 0:
            raise ValueError("a breaker needs failures >= 1 and reset_seconds > 0")
        self._threshold = failures
        self._reset = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._state: State = "closed"
        self._failures = 0
        self._since = 0.0  # when it opened, or when its trial call went out

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def allow(self) -> bool:
        """Whether a call may go out now (an open circuit past its reset lets one trial out)."""
        with self._lock:
            if self._state == "closed":
                return True
            if self._clock() - self._since < self._reset:
                return False  # open, or its trial still out
            self._state = "half-open"
            self._since = self._clock()
            return True

    def success(self) -> None:
        with self._lock:
            self._state = "closed"
            self._failures = 0

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state == "half-open" or self._failures >= self._threshold:
                self._state = "open"
                self._since = self._clock()
                self._failures = 0
