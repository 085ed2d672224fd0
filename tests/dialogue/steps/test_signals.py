from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.signals import ReadSignals
from ali.dialogue.turn import Turn
from ali.retrieval.hybrid import HybridRetriever


def test_the_message_is_embedded_once_for_search_and_intents(
    services: DialogueServices, prepare: Callable[..., Turn], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    embed = HybridRetriever.embed

    def counted(self: HybridRetriever, text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return embed(self, text)

    monkeypatch.setattr(HybridRetriever, "embed", counted)
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "signals")
    assert ReadSignals(services).run(turn) is None
    assert len(calls) == 1
    assert turn.signals.search.best is not None
    assert turn.signals.search.best.procedure_id == "padron.volante"
    assert turn.signals.scores.similarity  # the example classifier scored it


def test_an_identification_method_alone_is_left_out_of_the_search(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("con Cl@ve", "signals")
    ReadSignals(dataclasses.replace(services)).run(turn)
    assert turn.signals.only_id_method
