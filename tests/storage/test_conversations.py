from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from ali.storage.conversations import Conversation, InMemoryConversationStore, Turn
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore


def test_migrations_create_the_schema_and_are_idempotent(any_database: Database) -> None:
    any_database.migrate()  # a second run changes nothing
    tables = set(inspect(any_database.engine).get_table_names())
    assert {"conversations", "turns", "feedback", "tickets", "action_log"} <= tables


def test_round_trip_with_state_and_turns(any_database: Database) -> None:
    store = SqlConversationStore(any_database)
    conversation = Conversation(council_id="alicante", language="va")
    conversation.procedure_id = "padron.volante"
    conversation.state = {"form": {"action": "x", "values": {"a": "1"}}, "candidates": ["p.q"]}
    conversation.add_turn(Turn("citizen", "hola"))
    conversation.add_turn(Turn("assistant", "Hola!", "greeting"))
    store.save(conversation)
    conversation.add_turn(Turn("citizen", "adéu"))
    store.save(conversation)

    loaded = store.get("alicante", conversation.id)
    assert loaded is not None
    assert loaded.language == "va"
    assert loaded.procedure_id == "padron.volante"
    assert loaded.state == conversation.state
    assert loaded.turn_count == 3
    assert [t.text for t in store.turns("alicante", conversation.id)] == ["hola", "Hola!", "adéu"]


def test_another_council_cannot_read_the_conversation(any_database: Database) -> None:
    store = SqlConversationStore(any_database)
    conversation = Conversation(council_id="alicante", language="es")
    store.save(conversation)
    assert store.get("jaen", conversation.id) is None
    assert store.turns("jaen", conversation.id) == []


def test_idle_conversations_expire(any_database: Database) -> None:
    store = SqlConversationStore(any_database, idle=dt.timedelta(minutes=30))
    conversation = Conversation(council_id="alicante", language="es")
    store.save(conversation)
    with any_database.engine.begin() as connection:
        from ali.storage.models import ConversationRow

        table = ConversationRow.__table__
        connection.execute(
            table.update().values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
        )
    assert store.get("alicante", conversation.id) is None


def test_feedback_needs_an_existing_turn(any_database: Database) -> None:
    store = SqlConversationStore(any_database)
    conversation = Conversation(council_id="alicante", language="es")
    conversation.add_turn(Turn("citizen", "hola"))
    conversation.add_turn(Turn("assistant", "Hola"))
    store.save(conversation)
    assert store.add_feedback("alicante", conversation.id, 2, True, "bien")
    assert not store.add_feedback("alicante", conversation.id, 9, True, None)
    assert not store.add_feedback("alicante", "nope", 1, False, None)
    assert not store.add_feedback("jaen", conversation.id, 2, True, None)


def test_purge_deletes_old_transcripts_only(any_database: Database) -> None:
    store = SqlConversationStore(any_database)
    old, recent = (Conversation(council_id="alicante", language="es") for _ in range(2))
    for conversation in (old, recent):
        conversation.add_turn(Turn("citizen", "hola"))
        store.save(conversation)
    from ali.storage.models import ConversationRow

    table = ConversationRow.__table__
    with any_database.engine.begin() as connection:
        connection.execute(
            table.update()
            .where(table.c.id == old.id)
            .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
        )
    removed = store.purge(dt.datetime.now(dt.UTC) - dt.timedelta(days=365))
    assert removed == 1
    assert store.turns("alicante", old.id) == []
    assert len(store.turns("alicante", recent.id)) == 1


def test_in_memory_store_behaves_alike() -> None:
    store = InMemoryConversationStore()
    conversation = Conversation(council_id="alicante", language="es")
    conversation.add_turn(Turn("citizen", "hola"))
    conversation.add_turn(Turn("assistant", "Hola"))
    store.save(conversation)
    assert store.get("alicante", conversation.id) is conversation
    assert store.get("jaen", conversation.id) is None
    assert store.add_feedback("alicante", conversation.id, 2, True, None)
    assert not store.add_feedback("alicante", conversation.id, 1, True, None)  # citizen's turn
    assert store.purge(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == 1
