"""The deployment's Redis client (`Settings.redis_url`), for what its workers share.

Short timeouts and one quick retry: a turn waits a few seconds at most for a Redis that went
away, then fails with a clear error instead of hanging (redis-py's default retries back off
for longer)."""

from __future__ import annotations

import redis
from redis.backoff import ConstantBackoff
from redis.retry import Retry

TIMEOUT_SECONDS = 2.0


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        retry=Retry(ConstantBackoff(0.05), retries=1),
        health_check_interval=30,
    )
