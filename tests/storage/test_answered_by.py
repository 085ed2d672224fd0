"""Which path composed a reply (`answered_by`) is stored on assistant turns and read back;
migration 0005 adds the column to a database holding turns from before, which keep NULL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from ali.storage.conversations import Conversation, Turn
from ali.storage.database import MIGRATIONS, Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.databases import migrated_database
from tests.support.postgres import postgres_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ali.db'}"
        return
    with postgres_schema("ali_answered_by") as url:
        yield url


def test_answered_by_is_stored_and_read_back(fresh_url: str) -> None:
    with migrated_database(fresh_url) as database:
        store = SqlConversationStore(database)
        conversation = Conversation("alicante", "es")
        conversation.add_turn(Turn("citizen", "hola"))
        conversation.add_turn(Turn("assistant", "¡Hola!", answered_by="model"))
        conversation.add_turn(Turn("citizen", "¿horario?"))
        conversation.add_turn(Turn("assistant", "De 9 a 14.", answered_by="catalogue"))
        store.save(conversation)

        turns = store.turns("alicante", conversation.id)

    assert [t.answered_by for t in turns] == [None, "model", None, "catalogue"]


def _upgrade(database: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_migration_0005_keeps_older_turns_with_null(fresh_url: str) -> None:
    database = Database(fresh_url)
    try:
        _upgrade(database, "0004")
        now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO conversations (id, council_id, language, state, turn_count,"
                    " created_at, updated_at) VALUES ('old', 'alicante', 'es', '{}', 2, :t, :t)"
                ),
                {"t": now},
            )
            for position, role in ((1, "citizen"), (2, "assistant")):
                connection.execute(
                    text(
                        "INSERT INTO turns (conversation_id, position, role, text, created_at)"
                        " VALUES ('old', :p, :r, 'x', :t)"
                    ),
                    {"p": position, "r": role, "t": now},
                )
        _upgrade(database, "head")

        with database.engine.connect() as connection:
            values = connection.execute(text("SELECT answered_by FROM turns")).scalars().all()
        assert values == [None, None]
        assert [t.answered_by for t in SqlConversationStore(database).turns("alicante", "old")] == [
            None,
            None,
        ]
    finally:
        database.dispose()
