"""At most `slots` password checks run at once, each in a worker thread so the event loop stays
free: one scrypt check of the default cost takes 32 MiB and a CPU for tens of milliseconds, so
the bound is `slots` x 32 MiB however many sign-ins arrive together.

A check that finds every slot taken waits for one (asynchronously, holding no thread) at most
`wait_seconds`, behind at most `max_waiting` others; otherwise it is refused as busy.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from ali.errors import AliError

T = TypeVar("T")

_POLL_SECONDS = 0.01


class SignInBusy(AliError):
    status_code = 503
    public_detail = "Sign-in is busy right now; please try again in a few seconds."

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


class HashingSlots:
    def __init__(
        self, slots: int = 2, wait_seconds: float = 5.0, max_waiting: int | None = None
    ) -> None:
        if slots < 1:
            raise ValueError("at least one hashing slot is needed")
        self.slots = slots
        self.wait_seconds = wait_seconds
        self.max_waiting = 4 * slots if max_waiting is None else max_waiting
        # A threading semaphore, not an asyncio one: it is shared by every event loop and
        # thread that serves the app (a test client runs one loop per request).
        self._free = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._waiting = 0

    async def run(self, check: Callable[[], T]) -> T:
        """`check()` in a worker thread once a slot is free; raises `SignInBusy` when none frees
        in time. The slot is held until the thread has finished, even if the caller gives up."""
        if not self._free.acquire(blocking=False):
            await self._wait_for_a_slot()
        try:
            return await anyio.to_thread.run_sync(check)
        finally:
            self._free.release()

    async def _wait_for_a_slot(self) -> None:
        with self._lock:
            if self._waiting >= self.max_waiting:
                raise SignInBusy(self._retry_after())
            self._waiting += 1
        try:
            deadline = time.monotonic() + self.wait_seconds
            while not self._free.acquire(blocking=False):
                if time.monotonic() >= deadline:
                    raise SignInBusy(self._retry_after())
                await anyio.sleep(_POLL_SECONDS)
        finally:
            with self._lock:
                self._waiting -= 1

    def _retry_after(self) -> int:
        return max(1, math.ceil(self.wait_seconds))
