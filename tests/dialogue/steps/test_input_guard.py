from __future__ import annotations

from ali.dialogue.steps.input_guard import InputGuard
from ali.dialogue.turn import Turn, TurnRequest


def test_hidden_characters_are_removed_and_noted_and_the_turn_goes_on() -> None:
    turn = Turn(TurnRequest("¿cuánto cuesta\u200b el volante?\U000e0041"))
    assert InputGuard().run(turn) is None
    assert "\u200b" not in turn.message and "\U000e0041" not in turn.message
    assert turn.hidden_characters


def test_a_plain_message_passes_as_it_is() -> None:
    turn = Turn(TurnRequest("quiero el volante de empadronamiento"))
    assert InputGuard().run(turn) is None
    assert turn.message == "quiero el volante de empadronamiento"
    assert not turn.hidden_characters
