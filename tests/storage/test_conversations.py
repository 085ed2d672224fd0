"""Both conversation stores pass the same contract (tests/support/conversation_store_contract.py):
in memory, and on SQLAlchemy with SQLite and with PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from ali.storage.conversations import Conversation, ConversationStore, InMemoryConversationStore
from ali.storage.database import Database
from ali.storage.models import ConversationRow
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.conversation_store_contract import IDLE, ConversationStoreContract
from tests.support.databases import migrated_database


class TestInMemoryConversationStore(ConversationStoreContract):
    @pytest.fixture
    def store(self) -> InMemoryConversationStore:
        return InMemoryConversationStore(idle=IDLE)

    def backdate(self, store: ConversationStore, saved: Conversation, when: dt.datetime) -> None:
        saved.updated_at = when  # the store holds the conversation itself


class SqlStoreContract(ConversationStoreContract):
    database: Database

    def backdate(self, store: ConversationStore, saved: Conversation, when: dt.datetime) -> None:
        with self.database.session() as session:
            session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == saved.id)
                .values(updated_at=when)
            )


class TestSqlConversationStoreOnSqlite(SqlStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SqlConversationStore]:
        with migrated_database(f"sqlite:///{tmp_path / 'ali.db'}") as database:
            self.database = database
            yield SqlConversationStore(database, idle=IDLE)


@pytest.mark.postgres
class TestSqlConversationStoreOnPostgres(SqlStoreContract):
    @pytest.fixture
    def store(self, postgres_url: str) -> Iterator[SqlConversationStore]:
        with migrated_database(postgres_url, empty_afterwards=True) as database:
            self.database = database
            yield SqlConversationStore(database, idle=IDLE)
