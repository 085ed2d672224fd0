"""One lock per conversation, in the process: a turn reads the conversation, works on it and
saves it, and two messages to the same conversation must not do that at the same time (the
second would work on a stale state and store its turns at the same positions).

Across processes the store's save computes positions from the database instead (see
`SqlConversationStore.save`). Locks exist only while someone holds or waits for them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ali.errors import StorageError

WAIT_SECONDS = 60.0


class ConversationLocks:
    def __init__(self, wait_seconds: float = WAIT_SECONDS) -> None:
        self._wait = wait_seconds
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, conversation_id: str | None) -> Iterator[None]:
        """Holds the conversation's lock (a new conversation, `None`, needs none). Waiting
        longer than `wait_seconds` (another turn of it is stuck) is a `StorageError`."""
        if conversation_id is None:
            yield
            return
        with self._guard:
            lock, users = self._locks.get(conversation_id, (threading.Lock(), 0))
            self._locks[conversation_id] = (lock, users + 1)
        try:
            if not lock.acquire(timeout=self._wait):
                raise StorageError("another message of this conversation is still being answered")
            try:
                yield
            finally:
                lock.release()
        finally:
            with self._guard:
                lock, users = self._locks[conversation_id]
                if users == 1:
                    del self._locks[conversation_id]
                else:
                    self._locks[conversation_id] = (lock, users - 1)

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)
