"""`ConversationStore` on SQLAlchemy: SQLite by default, PostgreSQL in production.

The state is stored sealed (`StateCipher`, under a key from the deployment's secret). A save
appends its turns after the conversation's stored turn count, raised by the same statement
that locks its row (PostgreSQL; on SQLite the write transaction holds the database), so turns
from two processes cannot collide; the unique index on (conversation, position) enforces it.
Within a process the dialogue engine also serializes a conversation's turns
(`ConversationLocks`), so each works on the state the previous one saved.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

import structlog
from sqlalchemy import CursorResult, delete, func, insert, not_, select, update

from ali.settings import DEVELOPMENT_SECRET
from ali.storage.conversations import Conversation, Turn, may_rate, utcnow
from ali.storage.database import Database
from ali.storage.models import ConversationRow, FeedbackRow, TurnRow
from ali.storage.state_cipher import PREFIX, StateCipher, UnreadableState

log = structlog.get_logger("ali.storage")

# What an expired conversation's state is reduced to: nothing, or only whose it is (an HMAC
# of the citizen's NIF, which feedback checks). Written as compact JSON, which no other
# writer produces, so the passes below can tell these rows apart without opening them.
_EMPTY = "{}"
_OWNER_ONLY = '{"owner":"'
_BATCH = 500


def _forgotten(owner: Any) -> str:
    if not isinstance(owner, str):
        return _EMPTY
    return json.dumps({"owner": owner}, separators=(",", ":"))


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class SqlConversationStore:
    def __init__(
        self,
        database: Database,
        idle: dt.timedelta = dt.timedelta(minutes=30),
        *,
        secret: str = DEVELOPMENT_SECRET,
    ) -> None:
        self._db = database
        self._idle = idle
        self._cipher = StateCipher(secret)

    def get(self, council_id: str, conversation_id: str) -> Conversation | None:
        with self._db.reader() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None or row.council_id != council_id:
                return None
            if utcnow() - _aware(row.updated_at) > self._idle:
                return None
            state = self._state(row)
            if state is None:  # sealed with another secret: the conversation starts over
                return None
            return Conversation(
                id=row.id,
                council_id=row.council_id,
                language=row.language,
                procedure_id=row.procedure_id,
                state=state,
                turn_count=row.turn_count,
                created_at=_aware(row.created_at),
                updated_at=_aware(row.updated_at),
            )

    def _state(self, row: ConversationRow) -> dict[str, Any] | None:
        try:
            return self._cipher.open(row.id, row.state)
        except (UnreadableState, ValueError) as exc:
            log.warning("conversation_state_unreadable", conversation=row.id, reason=str(exc))
            return None

    def save(self, conversation: Conversation) -> None:
        """Stores the state and appends the new turns after the last stored position;
        `conversation.turn_count` becomes the position of the last of them.

        Everything is prepared before the transaction, which is three statements: on SQLite
        it holds the process's writer lock, and every Python step inside it would be slowed
        by the other threads' work."""
        conversation.updated_at = utcnow()
        added = len(conversation.new_turns)
        values = {
            "language": conversation.language,
            "procedure_id": conversation.procedure_id,
            "state": self._cipher.seal(conversation.id, conversation.state),
            "updated_at": conversation.updated_at,
        }
        turns = [
            {
                "conversation_id": conversation.id,
                "role": turn.role,
                "text": turn.text,
                "intent": turn.intent,
                "procedure_id": turn.procedure_id,
                "language": turn.language,
                "latency_ms": turn.latency_ms,
                "answered_by": turn.answered_by,
                "created_at": turn.at,
            }
            for turn in conversation.new_turns
        ]
        with self._db.session() as session:
            # The row's turn count, raised in the statement that locks the row (PostgreSQL)
            # or inside SQLite's write transaction: the new turns' positions are the database's,
            # whatever another process saved since this one read the conversation.
            count = session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation.id)
                .values(turn_count=ConversationRow.turn_count + added, **values)
                .returning(ConversationRow.turn_count)
                .execution_options(synchronize_session=False)
            ).scalar()
            if count is None:
                count = added
                session.execute(
                    insert(ConversationRow).values(
                        id=conversation.id,
                        council_id=conversation.council_id,
                        created_at=conversation.created_at,
                        turn_count=count,
                        **values,
                    )
                )
            first = count - added + 1
            if turns:
                session.execute(
                    insert(TurnRow),
                    [dict(turn, position=first + i) for i, turn in enumerate(turns)],
                )
        conversation.turn_count = count
        conversation.new_turns = []

    def turns(self, council_id: str, conversation_id: str) -> list[Turn]:
        with self._db.reader() as session:
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
                Turn(
                    r.role,
                    r.text,
                    r.intent,
                    r.procedure_id,
                    _aware(r.created_at),
                    answered_by=r.answered_by,
                )
                for r in rows
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
            state = self._state(row)
            if state is None or not may_rate(state, owner) or not 1 <= turn <= row.turn_count:
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
        if ids:
            self._db.checkpoint()  # the deleted rows' old copies leave the WAL too
        return len(ids)

    def forget_states(self, idle_since: dt.datetime) -> int:
        """Empties the state of conversations idle since before `idle_since` (expired: they
        cannot go on), keeping only whose they are; a form left open loses its answers."""
        stale = (
            select(ConversationRow.id, ConversationRow.state)
            .where(
                ConversationRow.updated_at < idle_since,
                ConversationRow.state != _EMPTY,
                not_(ConversationRow.state.startswith(_OWNER_ONLY, autoescape=True)),
            )
            .limit(_BATCH)
        )
        forgotten = 0
        while True:
            with self._db.session() as session:
                rows = session.execute(stale).all()
                for conversation_id, stored in rows:
                    try:
                        owner = self._cipher.open(conversation_id, stored).get("owner")
                    except (UnreadableState, ValueError):
                        owner = None
                    session.execute(
                        update(ConversationRow)
                        .where(ConversationRow.id == conversation_id)
                        .values(state=_forgotten(owner))
                    )
            forgotten += len(rows)
            if len(rows) < _BATCH:
                break
        if forgotten:
            self._db.checkpoint()
        return forgotten

    def seal_plain_states(self) -> int:
        """Seals states stored in plain JSON (written before states were sealed)."""
        plain = (
            select(ConversationRow.id, ConversationRow.state)
            .where(
                not_(ConversationRow.state.startswith(PREFIX, autoescape=True)),
                ConversationRow.state != _EMPTY,
                not_(ConversationRow.state.startswith(_OWNER_ONLY, autoescape=True)),
            )
            .limit(_BATCH)
        )
        sealed = 0
        while True:
            with self._db.session() as session:
                rows = session.execute(plain).all()
                for conversation_id, stored in rows:
                    try:
                        state = json.loads(stored)
                    except ValueError:  # not JSON at all: nothing worth keeping
                        state = None
                    value = (
                        self._cipher.seal(conversation_id, state)
                        if isinstance(state, dict)
                        else _EMPTY
                    )
                    session.execute(
                        update(ConversationRow)
                        .where(ConversationRow.id == conversation_id)
                        .values(state=value)
                    )
            sealed += len(rows)
            if len(rows) < _BATCH:
                break
        if sealed:
            self._db.checkpoint()
        return sealed
