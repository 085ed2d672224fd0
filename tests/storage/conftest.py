"""Both databases ALI supports: SQLite (a file) and PostgreSQL (127.0.0.1:5432, database `test`,
a schema of its own per run). PostgreSQL tests are skipped on a machine without the server,
except in CI, where its absence is a failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ali.storage.database import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ali.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    database = Database(url)
    database.migrate()
    yield database
    if request.param == "postgresql":
        from ali.storage.models import Base

        with database.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    database.dispose()
