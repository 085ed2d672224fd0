"""The sandbox's SQLite file (`<data_dir>/sandbox.db`): engine, schema, sessions."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ali.errors import StorageError
from ali.storage.database import transaction
from ali_sandbox.models import SandboxBase


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class SandboxDatabase:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(
            f"sqlite:///{path.resolve()}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        try:
            SandboxBase.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StorageError("the sandbox database could not be created") from exc

    def session(self) -> AbstractContextManager[Session]:
        return transaction(self._sessions)

    def dispose(self) -> None:
        self.engine.dispose()
