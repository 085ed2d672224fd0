"""A bulkhead: at most `limit` calls in flight, at most `max_waiting` callers waiting for a slot,
each for at most `wait_seconds`; anyone else is refused at once with `BackOfficeBusy`.

Connector calls run in the API server's worker threads (the chat turn is synchronous), so a hung
back office would otherwise hold a thread per citizen until every thread is taken and even
informational answers wait. Bounding calls *and* waiters bounds the threads a back office can
hold: `limit + max_waiting` per back office, and a deployment-wide bulkhead over all of them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ali.connectors.failures import BackOfficeBusy


class Bulkhead:
    def __init__(self, limit: int, *, max_waiting: int = 0, wait_seconds: float = 0.0) -> None:
        if limit < 1:
            raise ValueError("a bulkhead needs at least one slot")
        self._limit = limit
        self._max_waiting = max_waiting
        self._wait = wait_seconds
        self._in_flight = 0
        self._waiting = 0
        self._free = threading.Condition()

    @property
    def in_flight(self) -> int:
        with self._free:
            return self._in_flight

    @property
    def waiting(self) -> int:
        with self._free:
            return self._waiting

    @contextmanager
    def slot(self, wait_seconds: float | None = None) -> Iterator[None]:
        """Hold a slot for the block; `BackOfficeBusy` if none frees up in time."""
        self._acquire(self._wait if wait_seconds is None else min(wait_seconds, self._wait))
        try:
            yield
        finally:
            with self._free:
                self._in_flight -= 1
                self._free.notify()

    def _acquire(self, wait_seconds: float) -> None:
        with self._free:
            if self._in_flight < self._limit:
                self._in_flight += 1
                return
            if self._waiting >= self._max_waiting or wait_seconds <= 0:
                raise BackOfficeBusy()
            self._waiting += 1
            deadline = time.monotonic() + wait_seconds
            try:
                while self._in_flight >= self._limit:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or not self._free.wait(remaining):
                        if self._in_flight < self._limit:
                            break
                        raise BackOfficeBusy()
                self._in_flight += 1
            finally:
                self._waiting -= 1
