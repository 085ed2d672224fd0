"""The runner: steps in order until one ends the turn, closing steps always, every step timed,
a failing step an `error` status (not an exception for the API to turn into a 500)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ali.dialogue.reply import Draft
from ali.dialogue.runner import Pipeline, TurnRunner
from ali.dialogue.state import ConversationState, PendingChoice
from ali.dialogue.status import TurnStatus
from ali.dialogue.turn import Turn, TurnRequest
from ali.errors import StorageError
from ali.intents.labels import Intent
from ali.storage.conversations import Conversation


@dataclass
class Recording:
    name: str
    ends: bool = False
    fails: Exception | None = None
    ran: list[str] = field(default_factory=list)

    def run(self, turn: Turn) -> Draft | None:
        self.ran.append(self.name)
        if self.fails is not None:
            raise self.fails
        return Draft(Intent.GREETING, f"from {self.name}") if self.ends else None


def _turn() -> Turn:
    turn = Turn(TurnRequest("hola"))
    turn.load(Conversation(council_id="alicante", language="es"), ConversationState())
    return turn


def _runner(*steps: Recording, closing: tuple[Recording, ...] = ()) -> TurnRunner:
    return TurnRunner(Pipeline(steps, closing), lambda turn: "Sorry.")


def test_a_step_that_ends_the_turn_stops_the_rest_but_not_the_closing_steps() -> None:
    ran: list[str] = []
    first, ends = Recording("first", ran=ran), Recording("ends", ends=True, ran=ran)
    skipped, closing = Recording("skipped", ran=ran), Recording("persist", ran=ran)
    turn = _runner(first, ends, skipped, closing=(closing,)).run(_turn())
    assert ran == ["first", "ends", "persist"]
    assert turn.ended_by == "ends" and turn.draft.reply == "from ends"
    assert turn.draft.outcome is TurnStatus.ANSWERED


def test_every_step_that_ran_is_timed_in_milliseconds() -> None:
    turn = _runner(
        Recording("signals"), Recording("answer", ends=True), closing=(Recording("persist"),)
    ).run(_turn())
    assert set(turn.durations) == {"signals", "answer", "persist"}
    assert all(isinstance(ms, float) and ms >= 0 for ms in turn.durations.values())


def test_a_step_that_raises_ends_the_turn_with_an_error_and_the_state_it_found() -> None:
    turn = _turn()
    turn.state.pending = PendingChoice(["padron.volante"])
    turn.load(turn.conversation, turn.state)  # as loaded: with the pending choice

    @dataclass
    class Breaks:
        name: str = "routing"

        def run(self, turn: Turn) -> Draft | None:
            turn.state.pending = None  # half-way through...
            raise KeyError("bug")

    ran: list[str] = []
    runner = TurnRunner(
        Pipeline(
            [Breaks(), Recording("answer", ends=True, ran=ran)], [Recording("persist", ran=ran)]
        ),
        lambda turn: "Sorry.",
    )
    runner.run(turn)
    assert turn.draft.outcome is TurnStatus.ERROR and turn.draft.reply == "Sorry."
    assert turn.ended_by == "routing" and "routing" in turn.durations
    assert ran == ["persist"]  # the turn is still saved...
    assert turn.state.pending is not None  # ...with the state it started with


def test_a_closing_step_that_raises_makes_the_reply_an_error() -> None:
    turn = _runner(
        Recording("answer", ends=True), closing=(Recording("output", fails=ValueError("x")),)
    ).run(_turn())
    assert turn.draft.outcome is TurnStatus.ERROR


def test_an_unavailable_service_is_let_through_for_the_api_to_answer() -> None:
    runner = _runner(Recording("signals", fails=StorageError()), Recording("answer", ends=True))
    with pytest.raises(StorageError):
        runner.run(_turn())


def test_a_pipeline_where_no_step_ends_the_turn_is_an_error() -> None:
    turn = _runner(Recording("signals")).run(_turn())
    assert turn.draft.outcome is TurnStatus.ERROR


def test_without_a_conversation_the_closing_steps_are_skipped() -> None:
    ran: list[str] = []
    turn = _runner(
        Recording("conversation", fails=ValueError("x")), closing=(Recording("persist", ran=ran),)
    ).run(Turn(TurnRequest("hola")))
    assert turn.draft.outcome is TurnStatus.ERROR and ran == []
