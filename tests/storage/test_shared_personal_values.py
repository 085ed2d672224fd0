"""Personal form values in Redis (`RedisPersonalValues`): the same behaviour as in memory,
sealed at rest, short-lived, and a clear error when Redis fails."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from pydantic import SecretStr
from redis.backoff import NoBackoff
from redis.retry import Retry

from ali.composition import build_personal_values
from ali.dialogue.personal_values import PersonalValues, PersonalValueStore
from ali.errors import StorageError
from ali.settings import Settings
from ali.storage.shared_personal_values import RedisPersonalValues
from ali.storage.state_cipher import StateCipher
from tests.support.redis import hash_of, keys_under, seconds_left

SECRET = "a-test-secret-of-enough-length-0123456789"
PHONE = "612345678"
IBAN = "ES9121000418450200051332"


@pytest.fixture(params=["memory", "redis"])
def make_store(request: pytest.FixtureRequest) -> Callable[[], PersonalValueStore]:
    """Each implementation in turn; every store made by one test shares its Redis keys."""
    if request.param == "memory":
        memory = PersonalValues()
        return lambda: memory
    client = request.getfixturevalue("redis_client")
    prefix = request.getfixturevalue("redis_keys")
    return lambda: RedisPersonalValues(client, StateCipher(SECRET), prefix=prefix)


def test_an_unknown_form_has_no_values(make_store: Callable[[], PersonalValueStore]) -> None:
    assert make_store().get("form-unknown", "phone") is None


def test_a_value_is_kept_per_form_and_slot(make_store: Callable[[], PersonalValueStore]) -> None:
    store = make_store()
    store.put("form-1", "phone", PHONE)
    store.put("form-1", "iban", IBAN)
    store.put("form-2", "phone", "699000111")
    assert make_store().get("form-1", "phone") == PHONE  # another worker's store, same values
    assert make_store().get("form-1", "iban") == IBAN
    assert make_store().get("form-2", "phone") == "699000111"
    assert make_store().get("form-1", "email") is None


def test_forgetting_a_form_removes_its_values_only(
    make_store: Callable[[], PersonalValueStore],
) -> None:
    store = make_store()
    store.put("form-1", "phone", PHONE)
    store.put("form-2", "phone", "699000111")
    make_store().forget("form-1")
    assert store.get("form-1", "phone") is None
    assert store.get("form-2", "phone") == "699000111"


def test_redis_holds_no_value_in_clear(redis_client: redis.Redis, redis_keys: str) -> None:
    store = RedisPersonalValues(redis_client, StateCipher(SECRET), prefix=redis_keys)
    store.put("form-1", "phone", PHONE)
    store.put("form-1", "iban", IBAN)
    raw = hash_of(redis_client, store.key("form-1"))
    assert set(raw) == {b"phone", b"iban"}
    dump = b" ".join([*raw.values(), *keys_under(redis_client, redis_keys)])
    for digits in (PHONE, IBAN, "612", "345678", "2100041845", "0051332"):
        assert digits.encode() not in dump
    assert all(value.startswith(b"v1:") for value in raw.values())


def test_values_expire_after_the_ttl(redis_client: redis.Redis, redis_keys: str) -> None:
    ttl = dt.timedelta(minutes=5)
    store = RedisPersonalValues(redis_client, StateCipher(SECRET), ttl=ttl, prefix=redis_keys)
    store.put("form-1", "phone", PHONE)
    assert 0 < seconds_left(redis_client, store.key("form-1")) <= 300
    short = RedisPersonalValues(
        redis_client, StateCipher(SECRET), ttl=dt.timedelta(milliseconds=100), prefix=redis_keys
    )
    short.put("form-2", "phone", PHONE)
    assert short.get("form-2", "phone") == PHONE
    time.sleep(0.2)
    assert short.get("form-2", "phone") is None


def test_a_value_sealed_under_another_secret_or_moved_does_not_open(
    redis_client: redis.Redis, redis_keys: str
) -> None:
    store = RedisPersonalValues(redis_client, StateCipher(SECRET), prefix=redis_keys)
    store.put("form-1", "phone", PHONE)
    other = RedisPersonalValues(redis_client, StateCipher("another-secret-" * 3), prefix=redis_keys)
    assert other.get("form-1", "phone") is None
    sealed = hash_of(redis_client, store.key("form-1"))[b"phone"].decode()
    redis_client.hset(store.key("form-2"), "phone", sealed)  # copied onto another form
    assert store.get("form-2", "phone") is None


def test_redis_down_is_a_storage_error_not_a_lost_value() -> None:
    dead = redis.Redis(port=1, retry=Retry(NoBackoff(), retries=0))  # nothing listens
    store = RedisPersonalValues(dead, StateCipher(SECRET))
    with pytest.raises(StorageError):
        store.put("form-1", "phone", PHONE)
    with pytest.raises(StorageError):
        store.get("form-1", "phone")
    with pytest.raises(StorageError):
        store.forget("form-1")


def test_the_composition_root_chooses_redis_only_when_configured(tmp_path: Path) -> None:
    embedded = Settings(_env_file=None, data_dir=tmp_path)
    assert isinstance(build_personal_values(embedded), PersonalValues)
    shared = embedded.model_copy(update={"redis_url": SecretStr("redis://127.0.0.1:6379/0")})
    assert isinstance(build_personal_values(shared), RedisPersonalValues)
