"""The turn budget and the breaker, on a clock the tests move."""

from __future__ import annotations

import pytest

from ali.llm import TurnBudget
from ali.llm.breaker import ModelBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_budget_refuses_limits_that_are_not_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        TurnBudget(0, 8)


def test_each_call_has_its_first_token_limit_but_never_past_the_turns_end() -> None:
    clock = Clock()
    budget = TurnBudget(2, 8, clock)
    assert budget.first_token_deadline(clock()) == 1002
    clock.now += 5
    assert budget.remaining() == 3
    assert budget.first_token_deadline(clock()) == 1007
    clock.now += 2.5
    assert budget.first_token_deadline(clock()) == 1008  # the turn's end comes first
    clock.now += 1
    assert budget.remaining() < 0


def test_the_breaker_opens_after_consecutive_failures_only() -> None:
    clock = Clock()
    breaker = ModelBreaker(3, 30, clock)
    breaker.failure()
    breaker.failure()
    breaker.success()  # a success in between starts the count again
    breaker.failure()
    breaker.failure()
    assert breaker.state == "closed" and breaker.allow()
    breaker.failure()
    assert breaker.state == "open" and not breaker.allow()


def test_a_half_open_breaker_lets_one_trial_out_and_its_outcome_decides() -> None:
    clock = Clock()
    breaker = ModelBreaker(1, 30, clock)
    breaker.failure()
    clock.now += 30
    assert breaker.allow()  # the trial
    assert breaker.state == "half-open"
    assert not breaker.allow()  # only one
    breaker.failure()
    assert breaker.state == "open"
    clock.now += 29
    assert not breaker.allow()
    clock.now += 1
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow()
