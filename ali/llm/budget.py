"""The time a turn may spend on the model: `first_token_seconds` until the first token of each
call, `total_seconds` for every call of the turn together (a retry spends the same budget). A
budget starts when it is made, on the turn's clock."""

from __future__ import annotations

import time
from collections.abc import Callable


class TurnBudget:
    def __init__(
        self,
        first_token_seconds: float,
        total_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if first_token_seconds <= 0 or total_seconds <= 0:
            raise ValueError("a turn budget's limits are positive")
        self.first_token_seconds = first_token_seconds
        self.total_seconds = total_seconds
        self._clock = clock
        self._started = clock()

    def now(self) -> float:
        return self._clock()

    def elapsed(self) -> float:
        return self._clock() - self._started

    def remaining(self) -> float:
        """Seconds left for the turn (zero or less: spent)."""
        return self.total_seconds - self.elapsed()

    def first_token_deadline(self, call_started: float) -> float:
        """When a call started at `call_started` must have its first token: its own limit, or
        the turn's end if that comes first."""
        return min(call_started + self.first_token_seconds, self._started + self.total_seconds)

    def deadline(self) -> float:
        return self._started + self.total_seconds
