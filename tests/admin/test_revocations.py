"""Signed-out admin sessions (`RevokedSessions`): in memory for one process, in Redis for the
workers of a deployment, remembered until the session would have expired."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from pydantic import SecretStr
from redis.backoff import NoBackoff
from redis.retry import Retry

from ali.admin.revocations import (
    MemoryRevokedSessions,
    RedisRevokedSessions,
    RevokedSessions,
    revocations_for,
)
from ali.admin.sessions import SessionSigner
from ali.errors import StorageError
from ali.settings import Settings
from tests.support.redis import keys_under, seconds_left

NOW = 1_800_000_000


@pytest.fixture(params=["memory", "redis"])
def make_revoked(request: pytest.FixtureRequest) -> Callable[[], RevokedSessions]:
    """Each implementation; stores made by one test share what they remember."""
    if request.param == "memory":
        memory = MemoryRevokedSessions(lambda: NOW)
        return lambda: memory
    client = request.getfixturevalue("redis_client")
    prefix = request.getfixturevalue("redis_keys")
    return lambda: RedisRevokedSessions(client, prefix=prefix)


def test_a_session_never_signed_out_is_not_revoked(
    make_revoked: Callable[[], RevokedSessions],
) -> None:
    assert not make_revoked().is_revoked("abc")


def test_a_sign_out_is_seen_by_every_signer_sharing_the_store(
    make_revoked: Callable[[], RevokedSessions],
) -> None:
    worker_a = SessionSigner(b"k" * 32, "hash", 1800, revoked=make_revoked())
    worker_b = SessionSigner(b"k" * 32, "hash", 1800, revoked=make_revoked())
    session, cookie = worker_a.issue()
    assert worker_b.verify(cookie) == session
    worker_a.revoke(session)
    assert worker_b.verify(cookie) is None
    assert worker_a.verify(worker_a.issue()[1]) is not None  # a new session is unaffected


def test_redis_remembers_a_hash_of_the_id_until_the_session_expires(
    redis_client: redis.Redis, redis_keys: str
) -> None:
    revoked = RedisRevokedSessions(redis_client, prefix=redis_keys, clock=lambda: NOW)
    revoked.revoke("secret-session-id", NOW + 600)
    keys = [key.decode() for key in keys_under(redis_client, redis_keys)]
    digest = hashlib.sha256(b"secret-session-id").hexdigest()
    assert keys == [f"{redis_keys}:admin-revoked:{digest}"]
    assert 590 <= seconds_left(redis_client, keys[0]) <= 600
    revoked.revoke("already-expired", NOW - 5)  # kept a second, never forever
    assert 0 < seconds_left(redis_client, revoked.key("already-expired")) <= 1


def test_redis_down_refuses_rather_than_lets_in() -> None:
    dead = redis.Redis(port=1, retry=Retry(NoBackoff(), retries=0))  # nothing listens
    with pytest.raises(StorageError):
        RedisRevokedSessions(dead).is_revoked("abc")
    with pytest.raises(StorageError):
        RedisRevokedSessions(dead).revoke("abc", NOW + 60)


def test_the_settings_choose_memory_without_redis_and_redis_with_it(tmp_path: Path) -> None:
    plain = Settings(_env_file=None, data_dir=tmp_path)
    assert isinstance(revocations_for(plain), MemoryRevokedSessions)
    shared = plain.model_copy(update={"redis_url": SecretStr("redis://127.0.0.1:6379/0")})
    assert isinstance(revocations_for(shared), RedisRevokedSessions)
