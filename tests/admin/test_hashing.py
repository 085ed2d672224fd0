"""`HashingSlots`: a bounded number of password checks at once, in threads, never on the loop."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from ali.admin.hashing import HashingSlots, SignInBusy


class Gauge:
    """A check that records how many copies of it run at once."""

    def __init__(self, seconds: float = 0.02) -> None:
        self.seconds = seconds
        self.running = 0
        self.most = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self) -> bool:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        return False


def test_checks_never_run_more_than_the_slots_at_once() -> None:
    slots, gauge = HashingSlots(slots=2, wait_seconds=30, max_waiting=100), Gauge()

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(12):
                group.start_soon(slots.run, gauge)

    anyio.run(main)
    assert gauge.calls == 12
    assert gauge.most == 2


def test_checks_run_in_worker_threads_and_the_loop_stays_free() -> None:
    slots, release, ticks = HashingSlots(slots=1), threading.Event(), []

    def check() -> bool:
        assert release.wait(10)
        return True

    async def main() -> bool:
        loop_thread = threading.get_ident()
        async with anyio.create_task_group() as group:

            async def tick() -> None:
                for _ in range(3):  # runs while the check holds its thread
                    ticks.append(threading.get_ident())
                    await anyio.sleep(0)
                release.set()

            group.start_soon(tick)
            result = await slots.run(check)
        assert ticks == [loop_thread] * 3
        return result

    assert anyio.run(main) is True


def test_a_check_that_cannot_get_a_slot_in_time_is_busy() -> None:
    slots, release = HashingSlots(slots=1, wait_seconds=0.05), threading.Event()

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(slots.run, lambda: release.wait(10))
            await anyio.sleep(0.01)
            with pytest.raises(SignInBusy) as busy:
                await slots.run(lambda: True)
            assert busy.value.status_code == 503 and busy.value.retry_after >= 1
            release.set()
        assert await slots.run(lambda: True) is True  # the slot came back

    anyio.run(main)


def test_no_more_than_max_waiting_wait() -> None:
    slots, release = HashingSlots(slots=1, wait_seconds=30, max_waiting=1), threading.Event()
    outcomes: list[str] = []

    async def attempt() -> None:
        try:
            await slots.run(lambda: True)
            outcomes.append("ran")
        except SignInBusy:
            outcomes.append("busy")
            release.set()  # the third is refused at once, not after 30 s

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(slots.run, lambda: release.wait(10))
            await anyio.sleep(0.01)
            group.start_soon(attempt)
            await anyio.sleep(0.01)
            group.start_soon(attempt)

    anyio.run(main)
    assert sorted(outcomes) == ["busy", "ran"]


def test_a_failing_check_gives_its_slot_back() -> None:
    slots = HashingSlots(slots=1, wait_seconds=0)

    def broken() -> bool:
        raise RuntimeError("boom")

    async def main() -> None:
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await slots.run(broken)
        assert await slots.run(lambda: True) is True

    anyio.run(main)


def test_at_least_one_slot() -> None:
    with pytest.raises(ValueError, match="at least one"):
        HashingSlots(slots=0)
