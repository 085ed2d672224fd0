"""A circuit breaker per back office: after `failures` consecutive failed calls it opens and
calls fail at once, without waiting for a timeout; after `reset_seconds` one trial call is let
through (half-open), whose outcome closes or reopens it.

Calls run concurrently, so every call holds a `Permit` naming the breaker's generation when it
started: the failures of calls that were already in flight when the circuit opened (eight
requests hung on the same dead server time out one after another) do not keep it open longer,
and a late success of such a call does not close it; only the trial decides.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

State = Literal["closed", "open", "half-open"]


@dataclass(frozen=True)
class Permit:
    generation: int
    trial: bool = False


class CircuitBreaker:
    def __init__(
        self, failures: int, reset_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._threshold = failures
        self._reset = reset_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._state: State = "closed"
        self._generation = 0
        self._failures = 0
        self._broken = 0
        self._opened_at = 0.0
        self._trial_since = 0.0

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def allow(self) -> Permit | None:
        """A permit for one call, or None while the circuit is open (or its trial is out)."""
        with self._lock:
            now = self._clock()
            if self._state == "closed":
                return Permit(self._generation)
            if self._state == "open" and now - self._opened_at < self._reset:
                return None
            if self._state == "half-open" and now - self._trial_since < self._reset:
                return None  # the trial call is still out
            # Time for a trial (or a new one, if the last trial never reported back).
            self._state = "half-open"
            self._generation += 1
            self._trial_since = now
            return Permit(self._generation, trial=True)

    def success(self, permit: Permit) -> None:
        with self._lock:
            if permit.generation != self._generation:
                return  # a call from before the circuit opened: the trial decides
            self._state = "closed"
            self._failures = 0

    def failure(self, permit: Permit) -> None:
        with self._lock:
            if permit.generation != self._generation:
                return
            if permit.trial or self._state != "closed":
                self._open()
                return
            self._failures += 1
            if self._failures >= self._threshold:
                self._open()

    def broken_answer(self) -> None:
        """A call whose answer could not be read (an HTML page with 200, truncated JSON): the
        HTTP exchange succeeded, but the back office is as good as down. Consecutive broken
        answers open the circuit like failures do; a readable one (`answer_read`) resets it."""
        with self._lock:
            self._broken += 1
            if self._broken >= self._threshold and self._state == "closed":
                self._open()

    def answer_read(self) -> None:
        with self._lock:
            self._broken = 0

    def _open(self) -> None:
        self._state = "open"
        self._opened_at = self._clock()
        self._generation += 1
        self._failures = 0
        self._broken = 0
