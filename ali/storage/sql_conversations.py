"""`ConversationStore` on SQLAlchemy: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update

from ali.storage.conversations import Conversation, Turn, may_rate, utcnow
from ali.storage.database import Database
from ali.storage.models import ConversationRow, FeedbackRow, TurnRow


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class SqlConversationStore:
    def __init__(self, database: Database, idle: dt.timedelta = dt.timedelta(minutes=30)) -> None:
        self._db = database
        self._idle = idle

    def get(self, council_id: str, conversation_id: str) -> Conversation | None:
        with self._db.session() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None or row.council_id != council_id:
                return None
            if utcnow() - _aware(row.updated_at) > self._idle:
                return None
            return Conversation(
                id=row.id,
                council_id=row.council_id,
                language=row.language,  # type: ignore[arg-type]
                procedure_id=row.procedure_id,
                state=dict(row.state or {}),
                turn_count=row.turn_count,
                created_at=_aware(row.created_at),
                updated_at=_aware(row.updated_at),
            )

    def save(self, conversation: Conversation) -> None:
        conversation.updated_at = utcnow()
        with self._db.session() as session:
            row = session.get(ConversationRow, conversation.id)
            if row is None:
                row = ConversationRow(
                    id=conversation.id,
                    council_id=conversation.council_id,
                    created_at=conversation.created_at,
                )
                session.add(row)
            row.language = conversation.language
            row.procedure_id = conversation.procedure_id
            row.state = conversation.state
            row.turn_count = conversation.turn_count
            row.updated_at = conversation.updated_at
            first = conversation.turn_count - len(conversation.new_turns) + 1
            for offset, turn in enumerate(conversation.new_turns):
                session.add(
                    TurnRow(
                        conversation_id=conversation.id,
                        position=first + offset,
                        role=turn.role,
                        text=turn.text,
                        intent=turn.intent,
                        procedure_id=turn.procedure_id,
                        language=turn.language,
                        latency_ms=turn.latency_ms,
                        created_at=turn.at,
                    )
                )
        conversation.new_turns = []

    def turns(self, council_id: str, conversation_id: str) -> list[Turn]:
        with self._db.session() as session:
            rows = session.scalars(
                select(TurnRow)
                .join(ConversationRow, ConversationRow.id == TurnRow.conversation_id)
                .where(
                    TurnRow.conversation_id == conversation_id,
                    ConversationRow.council_id == council_id,
                )
                .order_by(TurnRow.position)
            ).all()
            return [
                Turn(r.role, r.text, r.intent, r.procedure_id, _aware(r.created_at)) for r in rows
            ]

    def add_feedback(
        self,
        council_id: str,
        conversation_id: str,
        turn: int,
        useful: bool,
        comment: str | None,
        *,
        owner: str | None = None,
    ) -> bool:
        """One vote per (conversation, turn), in one transaction: the conversation's row is
        locked first (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite has one writer at a time and
        the UPDATE below is the transaction's first write), then an earlier vote is updated or,
        if there is none, the vote inserted. Correct with or without a unique index on
        feedback(conversation_id, turn); with one, it never trips on it."""
        with self._db.session() as session:
            row = session.scalars(
                select(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .with_for_update()
            ).one_or_none()
            if row is None or row.council_id != council_id:
                return False
            if not may_rate(row.state or {}, owner) or not 1 <= turn <= row.turn_count:
                return False
            role = session.scalar(
                select(TurnRow.role).where(
                    TurnRow.conversation_id == conversation_id, TurnRow.position == turn
                )
            )
            if role != "assistant":
                return False
            vote = {"useful": useful, "comment": comment, "created_at": utcnow()}
            result = session.execute(
                update(FeedbackRow)
                .where(FeedbackRow.conversation_id == conversation_id, FeedbackRow.turn == turn)
                .values(**vote)
                .execution_options(synchronize_session=False)
            )
            earlier = cast(CursorResult[Any], result).rowcount
            if earlier == 0:
                session.add(FeedbackRow(conversation_id=conversation_id, turn=turn, **vote))
            elif earlier > 1:  # duplicates recorded before votes were unique
                keep = select(func.min(FeedbackRow.id)).where(
                    FeedbackRow.conversation_id == conversation_id, FeedbackRow.turn == turn
                )
                session.execute(
                    delete(FeedbackRow)
                    .where(
                        FeedbackRow.conversation_id == conversation_id,
                        FeedbackRow.turn == turn,
                        FeedbackRow.id != keep.scalar_subquery(),
                    )
                    .execution_options(synchronize_session=False)
                )
            return True

    def purge(self, older_than: dt.datetime) -> int:
        with self._db.session() as session:
            stale = select(ConversationRow.id).where(ConversationRow.updated_at < older_than)
            ids = list(session.scalars(stale).all())
            if ids:
                session.execute(delete(TurnRow).where(TurnRow.conversation_id.in_(ids)))
                session.execute(delete(FeedbackRow).where(FeedbackRow.conversation_id.in_(ids)))
                session.execute(delete(ConversationRow).where(ConversationRow.id.in_(ids)))
            return len(ids)
