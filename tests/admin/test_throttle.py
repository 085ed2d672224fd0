from __future__ import annotations

from ali.admin.throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_blocked_after_too_many_failures_until_the_window_passes() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window_seconds=60, clock=clock)
    for _ in range(2):
        throttle.failed("10.0.0.1")
        assert throttle.retry_after("10.0.0.1") is None
    throttle.failed("10.0.0.1")
    wait = throttle.retry_after("10.0.0.1")
    assert wait is not None and 0 < wait <= 61
    assert throttle.retry_after("10.0.0.2") is None  # per client
    clock.now += 61
    assert throttle.retry_after("10.0.0.1") is None


def test_a_success_clears_the_failures() -> None:
    throttle = LoginThrottle(max_failures=2, window_seconds=60, clock=Clock())
    throttle.failed("c")
    throttle.succeeded("c")
    throttle.failed("c")
    assert throttle.retry_after("c") is None
