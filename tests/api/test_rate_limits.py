"""Rate limits on the chat: 429 with `Retry-After` once a client is over its council's limit,
counted per address, per kiosk and per citizen; a council's `limits:` over the deployment's;
shared by two app instances (two workers) through the real Redis."""

from __future__ import annotations

import socket
import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from starlette.requests import Request

from ali.api.rate_limits import Caller, RateLimits
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.limits_profile import LimitsProfile
from ali.councils import Councils
from ali.errors import RateLimited
from ali.settings import RateLimitSettings, Settings
from tests.api.limits_support import BASE, QUESTION, app_with

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


def test_the_request_over_the_limit_is_429_with_retry_after(hashing_councils: Councils) -> None:
    app = app_with(hashing_councils, rate_limits={"per_ip": "3/minute"})
    with TestClient(app) as client:
        answered = [client.post(f"{BASE}/chat", json=QUESTION).status_code for _ in range(3)]
        refused = client.post(f"{BASE}/chat", json=QUESTION)
        streamed = client.post(f"{BASE}/chat/stream", json=QUESTION)
    assert answered == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"] == "RateLimited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert streamed.status_code == 429  # the stream counts against the same limit


@pytest.mark.parametrize(
    "crisis", ["quiero suicidarme", "mi pareja me pega", "there is a fire in my building"]
)
def test_a_crisis_is_answered_with_its_helplines_even_over_the_limit(
    hashing_councils: Councils, crisis: str
) -> None:
    app = app_with(hashing_councils, rate_limits={"per_ip": "1/minute"})
    with TestClient(app) as client:
        assert client.post(f"{BASE}/chat", json=QUESTION).status_code == 200
        assert client.post(f"{BASE}/chat", json=QUESTION).status_code == 429
        urgent = client.post(f"{BASE}/chat", json={"message": crisis})
        streamed = client.post(f"{BASE}/chat/stream", json={"message": crisis})
    assert urgent.status_code == 200, urgent.text
    assert urgent.json()["intent"] == "emergency"
    assert any(line in urgent.json()["reply"] for line in ("024", "016", "112"))
    assert streamed.status_code == 200


def test_limits_can_be_turned_off(hashing_councils: Councils) -> None:
    app = app_with(hashing_councils, rate_limits={"per_ip": "1/minute", "enabled": False})
    with TestClient(app) as client:
        codes = [client.post(f"{BASE}/chat", json=QUESTION).status_code for _ in range(3)]
    assert codes == [200, 200, 200]


def test_an_unknown_council_is_404_not_counted(hashing_councils: Councils) -> None:
    app = app_with(hashing_councils, rate_limits={"per_ip": "1/minute"})
    with TestClient(app) as client:
        unknown = client.post("/api/v1/councils/nowhere/chat", json=QUESTION)
        known = client.post(f"{BASE}/chat", json=QUESTION)
    assert unknown.status_code == 404
    assert known.status_code == 200


def limits(**settings: object) -> RateLimits:
    return RateLimits(RateLimitSettings(**settings), secret=b"test")


def test_a_kiosk_is_counted_by_its_id_not_its_address(catalogue: Catalogue) -> None:
    rate = limits(per_ip="1/minute", per_kiosk="2/minute")
    profile = catalogue.profile
    rate.check(profile, Caller("10.0.0.1", kiosk="kiosk-a"))
    rate.check(profile, Caller("10.0.0.1", kiosk="kiosk-a"))
    rate.check(profile, Caller("10.0.0.1", kiosk="kiosk-b"))  # another kiosk, same address
    rate.check(profile, Caller("10.0.0.1"))  # the address itself, from the web
    with pytest.raises(RateLimited) as refused:
        rate.check(profile, Caller("10.0.0.1", kiosk="kiosk-a"))
    assert refused.value.limit == "kiosk"


def test_a_citizen_is_counted_wherever_they_come_from(catalogue: Catalogue) -> None:
    rate = limits(per_ip="100/minute", per_citizen="2/minute")
    profile = catalogue.profile
    rate.check(profile, Caller("10.0.0.1", citizen="c1"))
    rate.check(profile, Caller("10.0.0.2", citizen="c1"))
    with pytest.raises(RateLimited) as refused:
        rate.check(profile, Caller("10.0.0.3", kiosk="kiosk-a", citizen="c1"))
    assert refused.value.limit == "citizen"
    rate.check(profile, Caller("10.0.0.1", citizen="c2"))


def test_the_citizen_key_is_a_keyed_hash_not_the_nif() -> None:
    request = Request({"type": "http", "headers": [], "client": ("10.0.0.1", 1234)})
    caller = limits().caller(request, None, "12345678Z")
    assert caller.citizen is not None and "12345678" not in caller.citizen
    other = RateLimits(RateLimitSettings(), secret=b"another").caller(request, None, "12345678Z")
    assert other.citizen != caller.citizen
    assert caller.key == f"citizen:{caller.citizen}" and caller.address == "10.0.0.1"


def test_an_ipv6_client_is_its_64(catalogue: Catalogue) -> None:
    rate = limits(per_ip="2/minute")
    callers = [
        rate.caller(Request({"type": "http", "headers": [], "client": (address, 1)}), None, None)
        for address in ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:3::1")
    ]
    assert callers[0].address == callers[1].address == "2001:db8:1:2::/64"
    rate.check(catalogue.profile, callers[0])
    rate.check(catalogue.profile, callers[1])
    with pytest.raises(RateLimited):
        rate.check(catalogue.profile, callers[0])
    rate.check(catalogue.profile, callers[2])  # another /64


def test_a_councils_profile_sets_its_own_limits(catalogue: Catalogue) -> None:
    profile = catalogue.profile.model_copy(
        update={"limits": LimitsProfile(per_ip="1/minute", streams_per_client=5)}
    )
    rate = limits(per_ip="100/minute", per_citizen="7/hour")
    own = rate.settings_for(profile)
    assert (own.per_ip, own.per_citizen, own.streams_per_client) == ("1/minute", "7/hour", 5)
    rate.check(profile, Caller("10.0.0.9"))
    with pytest.raises(RateLimited):
        rate.check(profile, Caller("10.0.0.9"))


def test_a_rate_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a rate"):
        RateLimitSettings(per_ip="lots")
    with pytest.raises(ValueError, match="not a rate"):
        LimitsProfile(per_citizen="every now and then")


def test_a_store_that_fails_lets_requests_through(catalogue: Catalogue) -> None:
    # Nothing listens on port 1: the Redis storage's errors are wrapped and the request passes.
    settings = Settings(
        _env_file=None,
        redis_url=SecretStr("redis://127.0.0.1:1/0"),
        rate_limits=RateLimitSettings(per_ip="1/minute"),
    )
    rate = RateLimits.from_settings(settings)
    rate.check(catalogue.profile, Caller("10.0.0.1"))
    rate.check(catalogue.profile, Caller("10.0.0.1"))


@pytest.mark.skipif(not redis_up(), reason="no Redis server at 127.0.0.1:6379")
def test_two_workers_share_the_counts_through_redis(hashing_councils: Councils) -> None:
    prefix = f"test-{uuid.uuid4().hex}"  # this test's keys only
    limited = {"per_ip": "3/minute"}
    redis = SecretStr(f"redis://{REDIS[0]}:{REDIS[1]}/0")
    shared = {"redis_url": redis, "redis_key_prefix": prefix}
    first = app_with(hashing_councils, rate_limits=limited, **shared)
    second = app_with(hashing_councils, rate_limits=limited, **shared)
    with TestClient(first) as one, TestClient(second) as other:
        codes = [
            one.post(f"{BASE}/chat", json=QUESTION).status_code,
            other.post(f"{BASE}/chat", json=QUESTION).status_code,
            one.post(f"{BASE}/chat", json=QUESTION).status_code,
        ]
        refused = other.post(f"{BASE}/chat", json=QUESTION)
    assert codes == [200, 200, 200]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    # An app counting in its own memory is not affected by the shared counts.
    alone = app_with(hashing_councils, rate_limits=limited)
    with TestClient(alone) as client:
        assert client.post(f"{BASE}/chat", json=QUESTION).status_code == 200
