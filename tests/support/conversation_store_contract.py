"""What every `ConversationStore` does, as one test class (after haystack's document-store
tests): a test module subclasses `ConversationStoreContract` once per implementation, gives it
a `store` fixture (idle expiry: IDLE) and says how to `backdate` a saved conversation, and
pytest runs every test below against it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ali.storage.conversations import Conversation, ConversationStore, Turn

IDLE = dt.timedelta(minutes=30)  # the expiry the `store` fixtures are built with


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def conversation(*, language: str = "es", state: dict[str, Any] | None = None) -> Conversation:
    found = Conversation(council_id="alicante", language=language)
    found.state = dict(state or {})
    return found


def talked(store: ConversationStore, **state: Any) -> Conversation:
    """A saved conversation of two turns: the citizen's (1) and the assistant's reply (2)."""
    saved = conversation(state=state)
    saved.add_turn(Turn("citizen", "hola"))
    saved.add_turn(Turn("assistant", "Hola, ¿en qué le ayudo?", "greeting"))
    store.save(saved)
    return saved


def state_of(store: ConversationStore, saved: Conversation) -> dict[str, object]:
    loaded = store.get(saved.council_id, saved.id)
    assert loaded is not None
    return loaded.state


class ConversationStoreContract:
    """Subclasses provide the `store` fixture and `backdate`."""

    def backdate(self, store: ConversationStore, saved: Conversation, when: dt.datetime) -> None:
        """Makes a saved conversation look last updated at `when`."""
        raise NotImplementedError

    # -- reading what was saved -----------------------------------------------------------

    def test_an_unknown_conversation_is_none_and_has_no_turns(
        self, store: ConversationStore
    ) -> None:
        assert store.get("alicante", "no-such-conversation") is None
        assert store.turns("alicante", "no-such-conversation") == []

    def test_a_saved_conversation_comes_back_with_its_state_and_turns(
        self, store: ConversationStore
    ) -> None:
        saved = conversation(
            language="va", state={"form": {"action": "x", "values": {"a": "1"}}, "candidates": []}
        )
        saved.state["candidates"] = ["p.q"]
        saved.procedure_id = "padron.volante"
        saved.add_turn(Turn("citizen", "hola"))
        saved.add_turn(Turn("assistant", "Hola!", "greeting", "padron.volante"))
        store.save(saved)
        assert saved.new_turns == [] and saved.turn_count == 2
        saved.add_turn(Turn("citizen", "adéu"))
        store.save(saved)

        loaded = store.get("alicante", saved.id)
        assert loaded is not None
        assert loaded.id == saved.id and loaded.council_id == "alicante"
        assert loaded.language == "va"
        assert loaded.procedure_id == "padron.volante"
        assert loaded.state == {
            "form": {"action": "x", "values": {"a": "1"}},
            "candidates": ["p.q"],
        }
        assert loaded.turn_count == 3
        assert loaded.new_turns == []
        turns = store.turns("alicante", saved.id)
        assert [(t.role, t.text) for t in turns] == [
            ("citizen", "hola"),
            ("assistant", "Hola!"),
            ("citizen", "adéu"),
        ]
        assert (turns[1].intent, turns[1].procedure_id) == ("greeting", "padron.volante")

    def test_a_later_save_replaces_the_state(self, store: ConversationStore) -> None:
        saved = talked(store, form={"values": {"purpose": "beca"}})
        saved.state = {"candidates": ["padron.alta"]}
        store.save(saved)
        loaded = store.get("alicante", saved.id)
        assert loaded is not None and loaded.state == {"candidates": ["padron.alta"]}
        assert loaded.turn_count == 2  # a save without turns adds none

    def test_another_council_cannot_read_or_rate_the_conversation(
        self, store: ConversationStore
    ) -> None:
        saved = talked(store)
        assert store.get("jaen", saved.id) is None
        assert store.turns("jaen", saved.id) == []
        assert not store.add_feedback("jaen", saved.id, 2, True, None)

    def test_a_conversation_idle_past_the_expiry_is_gone(self, store: ConversationStore) -> None:
        idle, active = talked(store), talked(store)
        self.backdate(store, idle, now() - IDLE - dt.timedelta(minutes=5))
        self.backdate(store, active, now() - IDLE + dt.timedelta(minutes=5))
        assert store.get("alicante", idle.id) is None
        assert store.get("alicante", active.id) is not None

    # -- feedback ---------------------------------------------------------------------------

    def test_feedback_is_taken_on_an_assistant_turn_only(self, store: ConversationStore) -> None:
        saved = talked(store)
        assert store.add_feedback("alicante", saved.id, 2, True, "bien")
        assert store.add_feedback("alicante", saved.id, 2, False, "mejor no")  # a new vote
        assert not store.add_feedback("alicante", saved.id, 1, True, None)  # the citizen's
        assert not store.add_feedback("alicante", saved.id, 3, True, None)  # not there yet
        assert not store.add_feedback("alicante", saved.id, 0, True, None)
        assert not store.add_feedback("alicante", "no-such-conversation", 2, True, None)

    def test_only_its_citizen_rates_a_signed_in_conversation(
        self, store: ConversationStore
    ) -> None:
        owned = talked(store, owner="c1t1z3n")
        assert not store.add_feedback("alicante", owned.id, 2, True, None)  # anonymous
        assert not store.add_feedback("alicante", owned.id, 2, True, None, owner="other")
        assert store.add_feedback("alicante", owned.id, 2, True, None, owner="c1t1z3n")
        anonymous = talked(store)
        assert store.add_feedback("alicante", anonymous.id, 2, True, None, owner="anyone")
        assert store.add_feedback("alicante", anonymous.id, 2, True, None)

    # -- retention --------------------------------------------------------------------------

    def test_purge_deletes_conversations_idle_since_before_the_date_only(
        self, store: ConversationStore
    ) -> None:
        old, recent = talked(store), talked(store)
        self.backdate(store, old, now() - dt.timedelta(days=400))
        assert store.purge(now() - dt.timedelta(days=365)) == 1
        assert store.turns("alicante", old.id) == []
        assert not store.add_feedback("alicante", old.id, 2, True, None)
        assert len(store.turns("alicante", recent.id)) == 2
        assert store.purge(now() - dt.timedelta(days=365)) == 0

    def test_expired_states_are_emptied_but_keep_whose_they_are(
        self, store: ConversationStore
    ) -> None:
        owned = talked(store, owner="c1t1z3n", form={"values": {"text": "mi historia"}})
        anonymous = talked(store, form={"values": {"text": "otra historia"}})
        live = talked(store, form={"values": {"text": "sigue abierto"}})
        for expired in (owned, anonymous):
            self.backdate(store, expired, now() - dt.timedelta(hours=2))

        assert store.forget_states(now() - dt.timedelta(hours=1)) == 2
        assert store.forget_states(now() - dt.timedelta(hours=1)) == 0  # nothing left to empty
        assert not store.add_feedback("alicante", owned.id, 2, True, None, owner="other")
        for expired in (owned, anonymous):  # brought back to look at what is left
            self.backdate(store, expired, now())
        assert state_of(store, owned) == {"owner": "c1t1z3n"}
        assert state_of(store, anonymous) == {}
        assert state_of(store, live) == {"form": {"values": {"text": "sigue abierto"}}}

    def test_no_state_is_left_unsealed_by_a_save(self, store: ConversationStore) -> None:
        talked(store, form={"values": {"purpose": "beca"}})
        assert store.seal_plain_states() == 0
