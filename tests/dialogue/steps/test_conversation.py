from __future__ import annotations

from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.conversation import LoadConversation
from ali.dialogue.turn import Turn, TurnRequest
from ali.identity.citizen import Citizen
from ali.storage.conversations import Conversation


def _stored(services: DialogueServices, state: dict[str, object]) -> Conversation:
    conversation = Conversation(council_id="alicante", language="va", state=state)
    services.conversations.save(conversation)
    return conversation


def test_an_unknown_id_starts_a_new_conversation(services: DialogueServices) -> None:
    turn = Turn(TurnRequest("hola", "no-such-conversation"))
    assert LoadConversation(services).run(turn) is None
    assert turn.conversation.id != "no-such-conversation"
    assert turn.state.to_json() == {}


def test_a_stored_conversation_continues_with_its_typed_state(
    services: DialogueServices,
) -> None:
    stored = _stored(services, {"candidates": ["padron.volante"], "candidates_for": "info"})
    turn = Turn(TurnRequest("el primero", stored.id))
    LoadConversation(services).run(turn)
    assert turn.conversation.id == stored.id
    assert turn.state.pending is not None and turn.state.pending.candidates == ["padron.volante"]


def test_a_citizens_conversation_is_not_continued_by_someone_else(
    services: DialogueServices, citizen: Citizen
) -> None:
    owner = services.owner_of(citizen)
    stored = _stored(services, {"owner": owner, "candidates": ["padron.volante"]})
    anonymous = Turn(TurnRequest("el primero", stored.id))
    LoadConversation(services).run(anonymous)
    assert anonymous.conversation.id != stored.id and anonymous.state.pending is None
    other = Turn(TurnRequest("el primero", stored.id, citizen=Citizen("00000000T")))
    LoadConversation(services).run(other)
    assert other.conversation.id != stored.id
    assert other.state.owner == services.owner_of(Citizen("00000000T"))
    mine = Turn(TurnRequest("el primero", stored.id, citizen=citizen))
    LoadConversation(services).run(mine)
    assert mine.conversation.id == stored.id and mine.state.owner == owner


def test_signing_in_claims_an_anonymous_conversation(
    services: DialogueServices, citizen: Citizen
) -> None:
    stored = _stored(services, {})
    turn = Turn(TurnRequest("hola", stored.id, citizen=citizen))
    LoadConversation(services).run(turn)
    assert turn.conversation.id == stored.id
    assert turn.state.owner == services.owner_of(citizen)
    assert turn.loaded_state == {"owner": services.owner_of(citizen)}
