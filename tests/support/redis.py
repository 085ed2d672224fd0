"""Redis for the tests: the server at 127.0.0.1:6379 (or ALI_TEST_REDIS), a key prefix of its
own per use. Without the server the test is skipped, except in CI, where its absence is a
failure. Tests using it carry the `redis` marker."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import pytest
import redis

REDIS = os.environ.get("ALI_TEST_REDIS", "redis://127.0.0.1:6379/0")


def reachable_redis() -> redis.Redis:
    """A client of the test server; skips the test (fails it in CI) when it does not answer."""
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis not reachable at {REDIS}: {exc}")
    return client


@contextmanager
def redis_prefix(client: redis.Redis, prefix: str = "ali-test") -> Iterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    unique = f"{prefix}-{uuid.uuid4().hex[:8]}"
    try:
        yield unique
    finally:
        keys = list(client.scan_iter(match=f"{unique}:*", count=500))
        if keys:
            client.delete(*keys)


# redis-py types its sync and async clients' replies together (`Awaitable[T] | T`); the tests'
# client is the sync one.


def hash_of(client: redis.Redis, key: str) -> dict[bytes, bytes]:
    return cast(dict[bytes, bytes], client.hgetall(key))


def seconds_left(client: redis.Redis, key: str) -> int:
    return cast(int, client.ttl(key))


def keys_under(client: redis.Redis, prefix: str) -> list[bytes]:
    return sorted(cast(list[bytes], client.keys(f"{prefix}:*")))
