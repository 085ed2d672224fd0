"""Dashboard fixtures: a fresh SQLite database per test (`any_database`, in tests/conftest.py,
also gives PostgreSQL); tests/support/admin.py seeds them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ali.storage.database import Database


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'ali.db'}")
    database.migrate()
    yield database
    database.dispose()
