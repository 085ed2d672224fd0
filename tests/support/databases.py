"""Migrated databases for tests: an SQLite file, or a PostgreSQL schema (tests/support/postgres.py)
emptied afterwards, since a session shares its schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ali.storage.database import Database
from ali.storage.models import Base


@contextmanager
def migrated_database(url: str, *, empty_afterwards: bool = False) -> Iterator[Database]:
    database = Database(url)
    database.migrate()
    try:
        yield database
    finally:
        if empty_afterwards:
            with database.engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())
        database.dispose()
