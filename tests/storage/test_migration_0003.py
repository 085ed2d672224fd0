"""Migration 0003 on a database that already holds what the races left: duplicate turn
positions are renumbered, the newest of several votes on one turn is kept, and from then on
the database refuses both; plain JSON states stay readable."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ali.storage.database import MIGRATIONS, Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.postgres import postgres_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with postgres_schema("ali_migration") as url:
        yield url


def upgrade_to(database: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_duplicates_are_resolved_and_then_refused(fresh_url: str) -> None:
    database = Database(fresh_url)
    upgrade_to(database, "0002")
    now = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    state = {"form": {"action": "citas.book_appointment", "values": {"service": "padron"}}}
    with database.engine.begin() as connection:
        for cid, turn_count in (("raced", 4), ("clean", 2)):
            connection.execute(
                text(
                    "INSERT INTO conversations (id, council_id, language, state, turn_count,"
                    " created_at, updated_at) VALUES (:id, 'alicante', 'es', :state, :n, :t, :t)"
                ),
                {"id": cid, "state": json.dumps(state), "n": turn_count, "t": now},
            )
        # Two requests both read turn_count 2 and stored their turns at 3 and 4.
        rows = [
            ("raced", 1, "citizen", "hola"),
            ("raced", 2, "assistant", "¡Hola!"),
            ("raced", 3, "citizen", "primera"),
            ("raced", 4, "assistant", "respuesta a la primera"),
            ("raced", 3, "citizen", "segunda"),
            ("raced", 4, "assistant", "respuesta a la segunda"),
            ("clean", 1, "citizen", "adiós"),
            ("clean", 2, "assistant", "¡Adiós!"),
        ]
        for cid, position, role, said in rows:
            connection.execute(
                text(
                    "INSERT INTO turns (conversation_id, position, role, text, created_at)"
                    " VALUES (:c, :p, :r, :x, :t)"
                ),
                {"c": cid, "p": position, "r": role, "x": said, "t": now},
            )
        for turn, useful, minutes in ((2, False, 0), (2, True, 5), (4, True, 1)):
            connection.execute(
                text(
                    "INSERT INTO feedback (conversation_id, turn, useful, created_at)"
                    " VALUES ('raced', :turn, :useful, :t)"
                ),
                {"turn": turn, "useful": useful, "t": now + dt.timedelta(minutes=minutes)},
            )

    database.migrate()

    with database.engine.connect() as connection:
        turns = connection.execute(
            text(
                "SELECT conversation_id, position, text FROM turns"
                " ORDER BY conversation_id, position"
            )
        ).all()
        votes = connection.execute(text("SELECT turn, useful FROM feedback ORDER BY turn")).all()
        counts = dict(connection.execute(text("SELECT id, turn_count FROM conversations")).all())
    assert [(t.position, t.text) for t in turns if t.conversation_id == "raced"] == [
        (1, "hola"),
        (2, "¡Hola!"),
        (3, "primera"),
        (4, "respuesta a la primera"),
        (5, "segunda"),
        (6, "respuesta a la segunda"),
    ]
    assert [(t.position, t.text) for t in turns if t.conversation_id == "clean"] == [
        (1, "adiós"),
        (2, "¡Adiós!"),
    ]
    assert counts == {"raced": 6, "clean": 2}
    assert [(v.turn, bool(v.useful)) for v in votes] == [(2, True), (4, True)]  # newest kept

    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO turns (conversation_id, position, role, text, created_at)"
                " VALUES ('clean', 2, 'citizen', 'otra vez', :t)"
            ),
            {"t": now},
        )
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO feedback (conversation_id, turn, useful, created_at)"
                " VALUES ('raced', 2, false, :t)"
            ),
            {"t": now},
        )

    # The state written as JSON before 0003 is still the conversation's state.
    store = SqlConversationStore(database, dt.timedelta(days=36500))
    loaded = store.get("alicante", "raced")
    assert loaded is not None and loaded.state == state
    database.dispose()
