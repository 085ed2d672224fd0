"""The database: an engine, sessions, and schema migrations (Alembic) applied at start.

Two kinds of transaction: `session()` may write, `reader()` only reads.

SQLite has one writer at a time. So that many concurrent clients queue instead of failing, a
write transaction on SQLite holds a process-wide writer lock (per database file) and starts with
`BEGIN IMMEDIATE`: it takes SQLite's write lock at once, never upgrading a read lock later (the
upgrade is what fails at once with "database is locked", whatever the busy timeout). Readers
use a plain deferred `BEGIN` and, in WAL mode, never wait for the writer. The busy timeout
covers other processes (`ali purge`, a second worker). `secure_delete` overwrites deleted
content, and the WAL is checkpointed and truncated periodically (and after purges), so deleted
values do not linger in the files.

PostgreSQL needs none of that; its pool holds enough connections for the server's worker
threads. Engines never log SQL parameters (`hide_parameters`): they can hold personal data.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import structlog
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ali.errors import StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 20_000
WRITER_WAIT_SECONDS = 30.0
CHECKPOINT_SECONDS = 60.0

log = structlog.get_logger("ali.storage")

# One writer lock per SQLite file for the whole process, however many `Database` objects.
_writers: dict[str, threading.RLock] = {}
_writers_guard = threading.Lock()


def _writer_lock(url: str) -> threading.RLock:
    with _writers_guard:
        return _writers.setdefault(url, threading.RLock())


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by `_sqlite_begin`, not by the driver (which would begin deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # Readers ask for a deferred begin; everything else (sessions that may write, migrations,
    # a bare `engine.begin()`) takes the write lock at once.
    mode = connection.get_execution_options().get("ali_begin", "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def reason(exc: BaseException) -> str:
    """What went wrong, for the log: the driver's exception class and the first line of its
    message (never the SQL parameters; PostgreSQL's DETAIL lines, which quote values, are
    left out)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


@contextmanager
def transaction(
    sessions: sessionmaker[Session],
    writer: threading.RLock | None = None,
    after_commit: Callable[[], None] | None = None,
) -> Iterator[Session]:
    """A transaction: committed on success, rolled back on error; storage errors converted
    (and logged with their reason). With `writer`, the lock is held for the whole transaction."""
    if writer is not None and not writer.acquire(timeout=WRITER_WAIT_SECONDS):
        log.error("storage_error", reason="waited too long for the database writer lock")
        raise StorageError("waited too long for the database writer lock")
    try:
        session = sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            log.error("storage_error", reason=reason(exc))
            raise StorageError(reason(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if after_commit is not None:
            after_commit()
    finally:
        if writer is not None:
            writer.release()


class Database:
    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool_size: int = 10,
        max_overflow: int = 40,
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        connect_args: dict[str, Any] = {}
        options: dict[str, Any] = {}
        if self.is_sqlite:
            connect_args["check_same_thread"] = False
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not url.startswith("sqlite:///:memory:") and url != "sqlite://":
            # Enough connections for the server's 40 worker threads and background work.
            options.update(pool_size=pool_size, max_overflow=max_overflow, pool_timeout=30)
        self.engine: Engine = create_engine(
            url,
            echo=echo,
            connect_args=connect_args,
            # A server may have dropped a pooled connection; a file cannot (and the ping
            # would be one more round trip inside SQLite's writer lock).
            pool_pre_ping=not self.is_sqlite,
            hide_parameters=True,
            **options,
        )
        self._writer: threading.RLock | None = None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
            self._writer = _writer_lock(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(ali_begin="DEFERRED"), expire_on_commit=False
        )
        self._checkpoint_seconds = checkpoint_seconds
        self._last_checkpoint = time.monotonic()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (safe to run on every start)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        writer = self._writer or nullcontext()
        try:
            with writer, self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            log.error("storage_error", reason=reason(exc))
            raise StorageError(f"database migration failed: {reason(exc)}") from exc

    def session(self) -> AbstractContextManager[Session]:
        """A transaction that may write (on SQLite: one at a time in the process)."""
        return transaction(self._sessions, self._writer, self._maybe_checkpoint)

    def reader(self) -> AbstractContextManager[Session]:
        """A transaction that only reads: it never waits for writers (on SQLite, in WAL mode)."""
        return transaction(self._readers)

    def checkpoint(self, wait_ms: int = 5000) -> bool:
        """On SQLite, copies the WAL into the database file and truncates it, so what was
        deleted or overwritten is gone from the WAL too; True when it completed (False when
        readers kept it from finishing within `wait_ms`: the next one will). Nothing to do on
        PostgreSQL."""
        if self._writer is None:
            return True
        with self._writer:
            self._last_checkpoint = time.monotonic()
            # Outside any transaction: on the driver's connection, which is in autocommit.
            raw = self.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert driver is not None
                driver.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
                try:
                    busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                finally:
                    driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            except Exception as exc:  # noqa: BLE001 - sqlite3.Error; a later one will retry
                log.warning("wal_checkpoint_failed", reason=reason(exc))
                return False
            finally:
                raw.close()
        if busy:
            log.info("wal_checkpoint_incomplete")
        return not busy

    def _maybe_checkpoint(self) -> None:
        # Periodic: it must not hold up the writers behind it for long while readers finish.
        if time.monotonic() - self._last_checkpoint >= self._checkpoint_seconds:
            self.checkpoint(wait_ms=200)

    def dispose(self) -> None:
        self.engine.dispose()
