"""Both databases ALI supports: SQLite (a file) and PostgreSQL (127.0.0.1:5432, database `test`,
a schema of its own per run). PostgreSQL tests are skipped on a machine without the server,
except in CI, where its absence is a failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ali.storage.database import Database
from tests.support.databases import migrated_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ali.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with migrated_database(url, empty_afterwards=request.param == "postgresql") as database:
        yield database
