"""Runs a turn's steps in order, timing each one.

A `Step` reads what earlier steps wrote on the `Turn` and either passes on (returns None) or
ends the turn with a reply (returns a `Draft`, whose `outcome` is the turn's `TurnStatus`). The
steps after the one that ended the turn are skipped; the closing steps (checking the reply,
saving the conversation) always run, once there is a conversation to save.

A step that raises does not fail the request: the state goes back to what the turn found, the
citizen is told it could not be done (status `error`), and the turn is still saved. An error
that says the service is unavailable (an `AliError` with status 503: the database, the model)
is let through, so the API answers it and the client retries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog

from ali.dialogue.reply import Draft
from ali.dialogue.status import TurnStatus
from ali.dialogue.turn import Turn
from ali.errors import AliError
from ali.intents.labels import Intent

log = structlog.get_logger("ali.chat")


class Step(Protocol):
    @property
    def name(self) -> str:
        """The step's name in the per-turn log line's `steps`."""
        ...

    def run(self, turn: Turn) -> Draft | None:
        """Passes on (None) or ends the turn with this reply. Closing steps return None."""
        ...


@dataclass(frozen=True)
class Pipeline:
    steps: Sequence[Step]  # in order, until one ends the turn
    closing: Sequence[Step] = ()  # always, after it

    @property
    def names(self) -> list[str]:
        return [step.name for step in (*self.steps, *self.closing)]


# The reply of a turn whose step failed: told in the turn's language, or the council's.
ErrorReply = Callable[[Turn], str]


class TurnRunner:
    def __init__(self, pipeline: Pipeline, error_reply: ErrorReply) -> None:
        self._pipeline = pipeline
        self._error_reply = error_reply

    @property
    def pipeline(self) -> Pipeline:
        return self._pipeline

    def run(self, turn: Turn) -> Turn:
        for step in self._pipeline.steps:
            try:
                draft = self._timed(step, turn)
            except Exception as exc:  # noqa: BLE001 - becomes the turn's error status
                self._failed(step, turn, exc)
                break
            if draft is not None:
                turn.end(draft, step.name)
                break
        if not turn.ended:
            turn.end(self._error_draft(turn), "runner")
            log.error("turn_not_ended", steps=self._pipeline.names)
        if not turn.has_conversation:  # nothing to check or to save it in
            return turn
        for step in self._pipeline.closing:
            try:
                self._timed(step, turn)
            except Exception as exc:  # noqa: BLE001
                self._failed(step, turn, exc)
        return turn

    def _timed(self, step: Step, turn: Turn) -> Draft | None:
        started = time.perf_counter()
        try:
            return step.run(turn)
        finally:
            turn.durations[step.name] = round((time.perf_counter() - started) * 1000, 1)

    def _failed(self, step: Step, turn: Turn, exc: Exception) -> None:
        if isinstance(exc, AliError) and exc.status_code == 503:
            raise exc
        log.exception("turn_step_failed", step=step.name, problem=type(exc).__name__)
        if turn.has_conversation:
            turn.restore_state()
        turn.end(self._error_draft(turn), step.name)

    def _error_draft(self, turn: Turn) -> Draft:
        # Pointed to a person (the reply gives the phone), with the status saying what happened.
        return Draft(Intent.HANDOFF, self._error_reply(turn), status=TurnStatus.ERROR)
