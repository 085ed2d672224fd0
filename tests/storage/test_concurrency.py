"""Many clients at once: no storage error under 50 concurrent writers, turns of one conversation
at unique, contiguous positions (from threads of one process and from separate engines, as two
processes would be), and a storage error that says why without the SQL parameters."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from structlog.testing import capture_logs

from ali.councils import Councils
from ali.errors import StorageError
from ali.storage.conversations import Conversation, Turn
from ali.storage.database import Database
from ali.storage.models import ConversationRow, TurnRow
from ali.storage.sql_conversations import SqlConversationStore

CLIENTS = 50
HOLD_SECONDS = 6.0  # longer than the 5 s busy timeout SQLite had


def run_together(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Runs `work(i)` in `count` threads released at the same moment; the exceptions raised."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def client(index: int) -> None:
        start.wait()
        try:
            work(index)
        except BaseException as exc:  # collected for the assertion
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def positions(database: Database, conversation_id: str) -> list[int]:
    with database.reader() as session:
        return list(
            session.scalars(
                select(TurnRow.position)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position)
            )
        )


@pytest.mark.slow  # load: 50 clients behind a writer holding the database for 6 s
def test_fifty_clients_wait_for_a_slow_writer_instead_of_failing(any_database: Database) -> None:
    """A write transaction holds the database for longer than SQLite's old 5 s busy timeout;
    the 49 clients saving meanwhile queue for the writer and are all stored."""
    store = SqlConversationStore(any_database)
    busy = Conversation(council_id="alicante", language="es")
    store.save(busy)
    holding = threading.Event()
    ids: list[str] = [""] * CLIENTS

    def talk(index: int) -> None:
        if index == 0:
            with any_database.session() as session:
                session.execute(
                    update(ConversationRow)
                    .where(ConversationRow.id == busy.id)
                    .values(procedure_id="padron.alta")
                )
                holding.set()
                time.sleep(HOLD_SECONDS)
            return
        holding.wait()
        conversation = Conversation(council_id="alicante", language="es")
        ids[index] = conversation.id
        for turn in range(3):
            if turn:
                found = store.get("alicante", conversation.id)
                assert found is not None
                conversation = found
            conversation.state["step"] = turn
            conversation.add_turn(Turn("citizen", f"pregunta {turn}"))
            conversation.add_turn(Turn("assistant", f"respuesta {turn}", "procedure_info"))
            store.save(conversation)

    assert run_together(CLIENTS, talk) == []
    for conversation_id in ids[1:]:
        assert positions(any_database, conversation_id) == [1, 2, 3, 4, 5, 6]


def test_saves_from_separate_engines_never_share_a_position(any_database: Database) -> None:
    """Two processes each read the conversation and save their turns: the positions come from
    the database, so neither overwrites nor duplicates the other's."""
    other = Database(any_database.url)
    stores = [SqlConversationStore(any_database), SqlConversationStore(other)]
    conversation = Conversation(council_id="alicante", language="es")
    stores[0].save(conversation)
    try:

        def send(index: int) -> None:
            store = stores[index % 2]
            stale = store.get("alicante", conversation.id)
            assert stale is not None
            stale.add_turn(Turn("citizen", f"mensaje {index}"))
            stale.add_turn(Turn("assistant", f"respuesta {index}"))
            store.save(stale)
            assert stale.turn_count % 2 == 0  # its reply's position, as stored

        assert run_together(16, send) == []
    finally:
        other.dispose()
    assert positions(any_database, conversation.id) == list(range(1, 33))
    with any_database.reader() as session:
        row = session.get(ConversationRow, conversation.id)
        assert row is not None and row.turn_count == 32
    turns = stores[0].turns("alicante", conversation.id)
    # Each save's two turns stay together: a message, then its reply.
    assert [t.role for t in turns] == ["citizen", "assistant"] * 16
    assert all(
        a.text.split()[1] == b.text.split()[1] for a, b in zip(turns[::2], turns[1::2], strict=True)
    )


def test_concurrent_messages_to_one_conversation_are_answered_one_after_another(
    hashing_councils: Councils,
) -> None:
    engine = hashing_councils.runtime("alicante").engine
    first = engine.chat("hola")
    replies: list[int] = []

    def send(index: int) -> None:
        replies.append(
            engine.chat(f"¿cuánto cuesta el volante? ({index})", first.conversation_id).turn
        )

    assert run_together(12, send) == []
    # Every reply has its own position: 2 (the greeting), then 4, 6, ... 26.
    assert sorted(replies) == list(range(4, 27, 2))
    turns = hashing_councils.conversations.turns("alicante", first.conversation_id)
    assert len(turns) == 26
    assert [t.role for t in turns] == ["citizen", "assistant"] * 13


def test_a_storage_error_logs_why_but_no_values(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'ali.db'}")
    database.migrate()
    store = SqlConversationStore(database)
    with database.session() as session:  # the database refuses the turns
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON turns"
                " BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    conversation = Conversation(council_id="alicante", language="es")
    conversation.add_turn(Turn("citizen", "mi vecino Rodrigo Quintanilla"))
    with capture_logs() as logs, pytest.raises(StorageError) as raised:
        store.save(conversation)
    database.dispose()
    errors = [entry for entry in logs if entry["event"] == "storage_error"]
    assert len(errors) == 1
    assert errors[0]["reason"] == "IntegrityError: refused"
    assert "Quintanilla" not in repr(logs)
    assert "Quintanilla" not in str(raised.value) and "parameters" not in str(raised.value)
