from __future__ import annotations

from sqlalchemy import inspect

from ali.storage.database import Database


def test_migrations_create_the_schema_and_are_idempotent(any_database: Database) -> None:
    any_database.migrate()  # a second run changes nothing
    tables = set(inspect(any_database.engine).get_table_names())
    assert {"conversations", "turns", "feedback", "tickets", "action_log"} <= tables
