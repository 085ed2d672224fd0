from __future__ import annotations

from collections.abc import Callable

from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.state import PendingChoice
from ali.dialogue.steps.persist import Persist
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent


def test_the_turn_is_saved_redacted_with_its_state_as_json(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("mi teléfono es 612345678, ¿qué es el padrón?", "answer")
    turn.state.pending = PendingChoice(["padron.volante", "padron.alta"])
    turn.end(Draft(Intent.CLARIFY, "¿Cuál de estos?"), "answer")
    assert Persist(services).run(turn) is None
    assert turn.position == 2 and turn.latency_ms > 0
    stored = services.conversations.get("alicante", turn.conversation.id)
    assert stored is not None
    assert stored.state == {"candidates": ["padron.volante", "padron.alta"],
                            "candidates_for": "info"}  # fmt: skip
    turns = services.conversations.turns("alicante", turn.conversation.id)
    assert [t.role for t in turns] == ["citizen", "assistant"]
    assert "612345678" not in turns[0].text
    assert turns[1].intent == "clarify"
