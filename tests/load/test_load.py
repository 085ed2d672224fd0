"""The load suite: `ali serve` in a subprocess on loopback with a real database, many
concurrent citizens for a bounded time, then every turn must be stored (benchmarks/load.py
does the same for longer runs and prints the figures).

ALI_LOAD_SECONDS (default 20; PostgreSQL and the shared conversation run for half of it) and
ALI_LOAD_CLIENTS (default 32) make the longer variant.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load import Report, Server, check_stored, run_load

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("ALI_LOAD_SECONDS", "20"))
CLIENTS = int(os.environ.get("ALI_LOAD_CLIENTS", "32"))


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("load-sqlite"), None)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def run(server: Server, clients: int, seconds: float, *, shared: bool = False) -> Report:
    report = asyncio.run(run_load(server.url, clients, seconds, shared=shared))
    print(report.summary())  # shown with -s, or in the report of a failure
    return report


def assert_all_stored(server: Server, report: Report) -> None:
    assert report.requests > 0
    assert report.problems == []
    assert dict(report.statuses) == {200: report.requests}
    assert check_stored(server.database_url, report) == []
    assert server.storage_errors() == []


def test_many_citizens_at_once_on_sqlite(sqlite_server: Server) -> None:
    report = run(sqlite_server, CLIENTS, SECONDS)
    assert len(report.sent) >= CLIENTS  # every client held at least one conversation
    assert_all_stored(sqlite_server, report)


def test_many_messages_to_one_conversation_on_sqlite(sqlite_server: Server) -> None:
    report = run(sqlite_server, 8, SECONDS / 2, shared=True)
    assert len(report.sent) == 1
    assert_all_stored(sqlite_server, report)


@pytest.fixture
def postgres_server(tmp_path: Path, postgres_url: str) -> Iterator[Server]:
    server = Server(tmp_path, postgres_url)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_many_citizens_at_once_on_postgresql(postgres_server: Server) -> None:
    report = run(postgres_server, CLIENTS, SECONDS / 2)
    assert_all_stored(postgres_server, report)
    shared = run(postgres_server, 8, SECONDS / 4, shared=True)
    assert_all_stored(postgres_server, shared)
