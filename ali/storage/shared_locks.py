"""Conversation locks shared by a deployment's workers, in Redis.

A turn holds its process's lock (threads of one worker queue there, without asking Redis),
then `<prefix>:lock:conversation:<id>`, a redis-py lock whose token only its holder can
release. The Redis lock expires after `lease_seconds`, so a worker that dies mid-turn blocks
its conversation that long at most; a turn is far shorter (the model's budget is 8 s, a back
office's timeout a few seconds). Waiting longer than `wait_seconds` for another worker's turn
is a `StorageError`: the citizen is asked to send the message again. Redis failing does not
stop the chat (answers need no Redis): the turn goes on under its process's lock alone, as with
one worker, the database still ordering the turns, and a warning is logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis
import structlog
from redis.exceptions import LockError

from ali.errors import StorageError
from ali.storage.locks import WAIT_SECONDS, ConversationLocks

LEASE_SECONDS = 120.0

log = structlog.get_logger("ali.storage.shared_locks")


class RedisConversationLocks:
    """`TurnLocks` (ali.storage.locks) shared through Redis."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "ali",
        wait_seconds: float = WAIT_SECONDS,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._wait = wait_seconds
        self._lease = lease_seconds
        self._local = ConversationLocks(wait_seconds)

    def key(self, conversation_id: str) -> str:
        return f"{self._prefix}:lock:conversation:{conversation_id}"

    @contextmanager
    def hold(self, conversation_id: str | None) -> Iterator[None]:
        if conversation_id is None:
            yield
            return
        with self._local.hold(conversation_id):
            lock = self._client.lock(
                self.key(conversation_id), timeout=self._lease, blocking_timeout=self._wait
            )
            try:
                acquired = lock.acquire()
            except redis.RedisError as exc:
                log.warning("conversation_lock_unshared", error=type(exc).__name__)
                yield
                return
            if not acquired:
                raise StorageError("another message of this conversation is still being answered")
            try:
                yield
            finally:
                with suppress(LockError, redis.RedisError):  # expired, or Redis gone: it lapses
                    lock.release()
