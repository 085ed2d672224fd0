"""Conversation locks shared by workers (`RedisConversationLocks`): two workers (two lock
objects on one Redis) never hold one conversation at once; a dead worker's lock lapses; a
wait too long, or Redis failing, is a clear error."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import redis
from pydantic import SecretStr
from redis.backoff import NoBackoff
from redis.retry import Retry

from ali.composition import build_turn_locks
from ali.errors import StorageError
from ali.settings import Settings
from ali.storage.shared_locks import RedisConversationLocks


def test_two_workers_take_turns_on_one_conversation(
    redis_client: redis.Redis, redis_keys: str
) -> None:
    first = RedisConversationLocks(redis_client, prefix=redis_keys)
    second = RedisConversationLocks(redis_client, prefix=redis_keys, wait_seconds=5)
    order: list[str] = []
    held = threading.Event()

    def other_worker() -> None:
        held.wait()
        with second.hold("c1"):
            order.append("second")

    thread = threading.Thread(target=other_worker)
    thread.start()
    with first.hold("c1"):
        held.set()
        time.sleep(0.3)  # the other worker is waiting now
        order.append("first")
    thread.join(timeout=10)
    assert order == ["first", "second"]
    assert redis_client.exists(first.key("c1")) == 0  # released


def test_other_conversations_do_not_wait(redis_client: redis.Redis, redis_keys: str) -> None:
    first = RedisConversationLocks(redis_client, prefix=redis_keys)
    second = RedisConversationLocks(redis_client, prefix=redis_keys, wait_seconds=0.2)
    with first.hold("c1"), second.hold("c2"):
        assert redis_client.exists(first.key("c1"), first.key("c2")) == 2


def test_waiting_too_long_is_a_storage_error(redis_client: redis.Redis, redis_keys: str) -> None:
    first = RedisConversationLocks(redis_client, prefix=redis_keys)
    impatient = RedisConversationLocks(redis_client, prefix=redis_keys, wait_seconds=0.2)
    with (
        first.hold("c1"),
        pytest.raises(StorageError, match="still being answered"),
        impatient.hold("c1"),
    ):
        pass


def test_a_dead_workers_lock_lapses_after_its_lease(
    redis_client: redis.Redis, redis_keys: str
) -> None:
    dead = RedisConversationLocks(redis_client, prefix=redis_keys, lease_seconds=0.5)
    redis_client.lock(dead.key("c1"), timeout=0.5).acquire()  # taken, never released
    other = RedisConversationLocks(redis_client, prefix=redis_keys, wait_seconds=3)
    started = time.monotonic()
    with other.hold("c1"):
        waited = time.monotonic() - started
    assert 0.2 < waited < 3


def test_without_redis_a_turn_goes_on_under_its_process_lock() -> None:
    gone = redis.Redis(
        host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)
    )
    locks = RedisConversationLocks(gone, wait_seconds=0.3)
    with locks.hold("c1"):  # answered, not refused
        waited: list[BaseException] = []

        def queue_behind() -> None:
            try:
                with locks.hold("c1"):
                    pass
            except StorageError as exc:
                waited.append(exc)

        same_process = threading.Thread(target=queue_behind)
        same_process.start()
        same_process.join(timeout=5)
    assert len(waited) == 1  # the process's own lock still held it


def test_a_new_conversation_needs_no_lock() -> None:
    gone = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    with RedisConversationLocks(gone).hold(None):
        pass


def test_the_deployment_shares_locks_only_when_it_has_redis(tmp_path: Path) -> None:
    plain = Settings(_env_file=None, data_dir=tmp_path)
    assert build_turn_locks(plain) is None
    shared = plain.model_copy(update={"redis_url": SecretStr("redis://127.0.0.1:6379/0")})
    assert isinstance(build_turn_locks(shared), RedisConversationLocks)
