"""`ModelLoop`: the one event loop every model call of the process runs on.

A chat turn's steps are synchronous (the API runs each turn in a worker thread), while
LangChain's async clients bind their connection pool to the event loop they were first used on.
So the process keeps one loop in a thread of its own, and a step hands it a coroutine and
waits for the result: every call of every council shares one loop, one connection pool per
model, and no call ever runs on a loop that has been closed.

`run` also bounds the wait: the coroutine's own budget (`TurnBudget`) should end it first; if
it does not (a provider that ignores cancellation), the call is cancelled and the step gets a
`ModelFailure` all the same, so a turn never waits longer than its budget and a margin."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from ali.llm.failures import FallbackReason, ModelFailure

T = TypeVar("T")

# Seconds a turn waits past its budget before giving up on a call that did not end itself.
GRACE_SECONDS = 1.0


class ModelLoop:
    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="ali-model-loop", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._loop.is_closed()

    def run(self, call: Coroutine[Any, Any, T], timeout: float) -> T:
        """`call`'s result, waited for from a (synchronous) step; `ModelFailure` when it takes
        longer than `timeout` seconds plus the grace (the call is then cancelled)."""
        if not self.running:
            call.close()
            raise ModelFailure(FallbackReason.UNAVAILABLE, "the model loop is stopped")
        future = asyncio.run_coroutine_threadsafe(call, self._loop)
        try:
            return future.result(max(timeout, 0.0) + GRACE_SECONDS)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ModelFailure(
                FallbackReason.TOTAL_TIMEOUT, "the call outlived its budget"
            ) from None
        except concurrent.futures.CancelledError:
            raise ModelFailure(FallbackReason.ERROR, "the call was cancelled") from None

    def close(self) -> None:
        """Stops the loop (at shutdown); later calls fail as `unavailable`."""
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()
