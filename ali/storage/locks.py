"""One lock per conversation: a turn reads the conversation, works on it and saves it, and two
messages to the same conversation must not do that at the same time (the second would work on
a stale state and store its turns at the same positions).

`ConversationLocks` holds them in the process; with several workers the deployment's Redis
holds them too (`ali.storage.shared_locks`), so that two workers never answer two messages of
one conversation at once. The store's save also computes positions from the database (see
`SqlConversationStore.save`). Locks exist only while someone holds or waits for them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from ali.errors import StorageError

WAIT_SECONDS = 60.0


class TurnLocks(Protocol):
    """One turn at a time per conversation; waiting longer than allowed is a
    `StorageError`. A new conversation (`None`) needs no lock."""

    def hold(self, conversation_id: str | None) -> AbstractContextManager[None]: ...


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
