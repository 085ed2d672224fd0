"""At most so many open `/chat/stream` replies per client (`streams_per_client`): a slot is
taken before the turn starts and given back when the response is over, however it ends (sent
in full, the client gone, an error). Counted in the worker process's memory: a stream is held
by one process, and a slot left in a shared store by a process that died would never be given
back."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator, Mapping

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from ali.errors import RateLimited

_RETRY_SECONDS = 5  # a streamed turn takes a few seconds


class StreamSlot:
    """One open stream of a client; `release()` gives the slot back (once, however often it is
    called)."""

    def __init__(self, slots: StreamSlots, key: str) -> None:
        self._slots = slots
        self._key = key
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._slots._give_back(self._key)


class StreamSlots:
    def __init__(self) -> None:
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()

    def take(self, key: str, limit: int) -> StreamSlot:
        """A slot for the client `key`; `RateLimited` (429) when it holds `limit` already."""
        with self._lock:
            if self._open[key] >= limit:
                raise RateLimited(_RETRY_SECONDS, "streams")
            self._open[key] += 1
        return StreamSlot(self, key)

    def open(self, key: str) -> int:
        with self._lock:
            return self._open[key]

    def _give_back(self, key: str) -> None:
        with self._lock:
            self._open[key] -= 1
            if self._open[key] <= 0:
                del self._open[key]


class HeldStream(StreamingResponse):
    """A streaming response that gives its slot back when it is over: sent in full, the client
    disconnected (Starlette stops sending, or the server cancels the task) or failed."""

    def __init__(
        self,
        content: AsyncIterator[str],
        slot: StreamSlot,
        *,
        media_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(content, media_type=media_type, headers=headers)
        self.slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.slot.release()
