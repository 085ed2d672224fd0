from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ali.admin.throttle import LoginThrottle, Refusal, client_key


class Clock:
    """Wall-clock time as both the throttle and the `limits` memory storage read it."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("limits.storage.memory.time", clock)
    return clock


def test_every_attempt_takes_a_slot_and_a_client_is_refused_until_the_window_passes(
    clock: Clock,
) -> None:
    throttle = LoginThrottle(per_client=3, client_window_minutes=1, clock=clock)
    for _ in range(3):
        assert throttle.attempt("10.0.0.1") is None
        clock.now += 1
    refusal = throttle.attempt("10.0.0.1")
    assert refusal is not None and refusal.reason == "client"
    assert refusal.retry_after == 58  # the first attempt (at 0 s) counts until 60 s
    assert throttle.attempt("10.0.0.2") is None  # per client
    clock.now += 58
    assert throttle.attempt("10.0.0.1") is None


def test_a_success_frees_the_clients_slots(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=2, clock=clock)
    assert throttle.attempt("c") is None
    assert throttle.attempt("c") is None
    assert throttle.attempt("c") is not None
    throttle.succeeded("c")
    assert throttle.attempt("c") is None


def test_a_success_frees_the_overall_slots_too(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=5, per_minute=2, clock=clock)
    for _ in range(10):  # staff signing in often never lock themselves out
        assert throttle.attempt("192.0.2.1") is None
        throttle.succeeded("192.0.2.1")
    assert throttle.attempt("198.51.100.1") is None
    assert throttle.attempt("198.51.100.2") is None
    assert throttle.attempt("198.51.100.3") is not None  # guesses free nothing


def test_all_clients_together_have_a_limit(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=5, per_minute=4, clock=clock)
    for number in range(4):
        assert throttle.attempt(f"198.51.100.{number}") is None
    refusal = throttle.attempt("198.51.100.200")
    assert refusal == Refusal("everyone", 61)
    clock.now += 61
    assert throttle.attempt("198.51.100.200") is None


def test_a_refused_attempt_takes_nothing(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=1, per_minute=2, clock=clock)
    assert throttle.attempt("a") is None
    for _ in range(5):  # refused per client: the overall budget is untouched
        assert throttle.attempt("a") == Refusal("client", 901)
    assert throttle.attempt("b") is None
    assert throttle.attempt("c") == Refusal("everyone", 61)
    clock.now += 61
    assert throttle.attempt("c") is None  # "c" was not charged for its refusal


def test_concurrent_attempts_get_at_most_the_limit() -> None:
    throttle = LoginThrottle(per_client=5, per_minute=1000)
    start = threading.Barrier(40)

    def attempt(_: int) -> bool:
        start.wait()
        return throttle.attempt("203.0.113.9") is None

    with ThreadPoolExecutor(40) as pool:
        allowed = sum(pool.map(attempt, range(40)))
    assert allowed == 5


def test_memory_holds_only_clients_that_passed_the_overall_limit(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=5, per_minute=10, clock=clock)
    for number in range(5000):
        throttle.attempt(f"10.{number // 250}.{number % 250}.1")
    storage = throttle._limiter.storage
    assert len(storage.events) == 11  # type: ignore[attr-defined]  # 10 clients and "everyone"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("unknown", "unknown"),
    ],
)
def test_what_counts_as_one_client(address: str, key: str) -> None:
    assert client_key(address) == key


def test_rotating_ipv6_addresses_in_one_network_gets_no_new_slots(clock: Clock) -> None:
    throttle = LoginThrottle(per_client=2, clock=clock)
    assert throttle.attempt("2001:db8::1") is None
    assert throttle.attempt("2001:db8::2") is None
    assert throttle.attempt("2001:db8::3") is not None
    assert throttle.attempt("2001:db8:0:1::1") is None  # another /64
