"""Personal form values shared by a deployment's workers: in Redis, sealed, for a short while.

A form's values are one Redis hash, `<prefix>:personal:<form id>`, a field per slot, each value
sealed by the `StateCipher` (AES-256-GCM under the deployment's secret) with the form id and the
slot as associated data, so neither Redis nor a copy of it holds a phone or an IBAN in clear,
and a value moved to another form or slot does not open. Every answer renews the hash's expiry;
confirming or cancelling the form deletes it. Redis failing is a `StorageError` (the citizen is
asked to try again), never a value silently lost.
"""

from __future__ import annotations

import datetime as dt

import redis

from ali.errors import StorageError
from ali.storage.state_cipher import StateCipher, UnreadableState


class RedisPersonalValues:
    """A `PersonalValueStore` (ali.dialogue.personal_values) in Redis."""

    def __init__(
        self,
        client: redis.Redis,
        cipher: StateCipher,
        *,
        ttl: dt.timedelta = dt.timedelta(hours=1),
        prefix: str = "ali",
    ) -> None:
        self._client = client
        self._cipher = cipher
        self._ttl = ttl
        self._prefix = prefix

    def key(self, form_id: str) -> str:
        return f"{self._prefix}:personal:{form_id}"

    def put(self, form_id: str, slot: str, value: str) -> None:
        sealed = self._cipher.seal_text(_context(form_id, slot), value)
        try:
            with self._client.pipeline(transaction=True) as pipe:
                pipe.hset(self.key(form_id), slot, sealed)
                pipe.pexpire(self.key(form_id), self._ttl)
                pipe.execute()
        except redis.RedisError as exc:
            raise StorageError(f"personal values: {type(exc).__name__}") from None

    def get(self, form_id: str, slot: str) -> str | None:
        try:
            sealed = self._client.hget(self.key(form_id), slot)
        except redis.RedisError as exc:
            raise StorageError(f"personal values: {type(exc).__name__}") from None
        if sealed is None:
            return None
        text = sealed.decode() if isinstance(sealed, bytes) else str(sealed)
        try:
            return self._cipher.open_text(_context(form_id, slot), text)
        except UnreadableState:  # sealed under another secret: as good as expired
            return None

    def forget(self, form_id: str) -> None:
        try:
            self._client.delete(self.key(form_id))
        except redis.RedisError as exc:
            raise StorageError(f"personal values: {type(exc).__name__}") from None


def _context(form_id: str, slot: str) -> str:
    return f"personal:{form_id}:{slot}"
