"""PostgreSQL for the tests: the server at 127.0.0.1:5432 (database `test`, or
ALI_TEST_POSTGRES), a schema of its own per use. Without the server the test is skipped,
except in CI, where its absence is a failure. Tests using it carry the `postgres` marker."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

POSTGRES = os.environ.get("ALI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_schema(prefix: str = "ali_test") -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty schema, dropped with all it holds afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    base = POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
