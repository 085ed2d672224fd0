"""Signed-out admin sessions, remembered until they would have expired anyway.

A session cookie stays valid by its signature until it expires, so a sign-out must be
remembered by every worker that may see the cookie again: in Redis when the deployment has one
(`Settings.redis_url`), else in this process's memory (`revocations_for` chooses). Redis keeps
`<prefix>:admin-revoked:<sha256 of the session id>` with the session's own expiry; a Redis
failure while checking is a `StorageError`, so a signed-out session is never let in by it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

from ali.errors import StorageError
from ali.settings import Settings
from ali.storage.redis_client import redis_client


class RevokedSessions(Protocol):
    """Where sign-outs are remembered, by session id, until `expires` (Unix seconds)."""

    def revoke(self, session_id: str, expires: int) -> None: ...

    def is_revoked(self, session_id: str) -> bool: ...


class MemoryRevokedSessions:
    """Sign-outs in this process's memory (one worker)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._revoked: dict[str, int] = {}
        self._lock = threading.Lock()

    def revoke(self, session_id: str, expires: int) -> None:
        now = int(self._clock())
        with self._lock:
            self._revoked = {sid: exp for sid, exp in self._revoked.items() if exp > now}
            self._revoked[session_id] = expires

    def is_revoked(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._revoked


class RedisRevokedSessions:
    """Sign-outs in Redis, seen by every worker of the deployment."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "ali",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock

    def key(self, session_id: str) -> str:
        digest = hashlib.sha256(session_id.encode()).hexdigest()
        return f"{self._prefix}:admin-revoked:{digest}"

    def revoke(self, session_id: str, expires: int) -> None:
        seconds = max(1, expires - int(self._clock()))
        try:
            self._client.set(self.key(session_id), b"1", ex=seconds)
        except redis.RedisError as exc:
            raise StorageError(f"admin sign-out: {type(exc).__name__}") from None

    def is_revoked(self, session_id: str) -> bool:
        try:
            return bool(self._client.exists(self.key(session_id)))
        except redis.RedisError as exc:
            raise StorageError(f"admin sessions: {type(exc).__name__}") from None


def revocations_for(settings: Settings, clock: Callable[[], float] = time.time) -> RevokedSessions:
    """Redis's when the deployment has one, else this process's memory."""
    if settings.redis_url is None:
        return MemoryRevokedSessions(clock)
    client = redis_client(settings.redis_url.get_secret_value())
    return RedisRevokedSessions(client, prefix=settings.redis_key_prefix, clock=clock)
