"""Every query of the dashboard, portable between SQLite and PostgreSQL.

Stored datetimes are UTC (SQLite keeps them naive, PostgreSQL as `timestamptz`); ranges are
compared against aware UTC bounds and days are grouped in UTC by `utc_day`, which compiles to
each database's own date function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ali.admin.period import Period
from ali.intents.labels import Intent
from ali.storage.database import Database
from ali.storage.models import ActionLogRow, ConsentRow, ConversationRow, FeedbackRow, TurnRow


class utc_day(FunctionElement[dt.date]):  # noqa: N801 - a SQL function, named like one
    """The UTC calendar day of a timestamp column."""

    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _utc_day_default(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"  # stored as UTC text


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


@dataclass(frozen=True)
class Unanswered:
    at: dt.datetime
    text: str
    language: str | None


@dataclass(frozen=True)
class FeedbackComment:
    at: dt.datetime
    useful: bool
    comment: str


@dataclass(frozen=True)
class ActionCount:
    action: str
    status: str
    count: int


@dataclass(frozen=True)
class ActionFailure:
    at: dt.datetime
    action: str
    procedure_id: str | None
    error: str | None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _within(column: InstrumentedAttribute[dt.datetime], period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column < period.end)


class AnalyticsRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    def _assistant_turns(self, council_id: str, period: Period, *columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(TurnRow)
            .join(ConversationRow, ConversationRow.id == TurnRow.conversation_id)
            .where(
                ConversationRow.council_id == council_id,
                TurnRow.role == "assistant",
                _within(TurnRow.created_at, period),
            )
        )

    def conversations_per_day(self, council_id: str, period: Period) -> dict[dt.date, int]:
        day = utc_day(ConversationRow.created_at)
        query = (
            select(day, func.count())
            .where(
                ConversationRow.council_id == council_id,
                _within(ConversationRow.created_at, period),
            )
            .group_by(day)
        )
        with self._db.session() as session:
            return {row[0]: row[1] for row in session.execute(query)}

    def replies_per_day(self, council_id: str, period: Period) -> dict[dt.date, int]:
        """Assistant turns per day: one per citizen message answered."""
        day = utc_day(TurnRow.created_at)
        query = self._assistant_turns(council_id, period, day, func.count()).group_by(day)
        with self._db.session() as session:
            return {row[0]: row[1] for row in session.execute(query)}

    def _count_by(
        self, council_id: str, period: Period, column: InstrumentedAttribute[str | None]
    ) -> list[tuple[str, int]]:
        count = func.count().label("n")
        query = (
            self._assistant_turns(council_id, period, column, count)
            .where(column.is_not(None))
            .group_by(column)
            .order_by(count.desc(), column)
        )
        with self._db.session() as session:
            return [(row[0], row[1]) for row in session.execute(query)]

    def intents(self, council_id: str, period: Period) -> list[tuple[str, int]]:
        return self._count_by(council_id, period, TurnRow.intent)

    def procedures(self, council_id: str, period: Period) -> list[tuple[str, int]]:
        return self._count_by(council_id, period, TurnRow.procedure_id)

    def languages(self, council_id: str, period: Period) -> list[tuple[str, int]]:
        return self._count_by(council_id, period, TurnRow.language)

    def answered_by(self, council_id: str, period: Period) -> list[tuple[str, int]]:
        """Replies per path that composed them ("model", "catalogue"); turns stored before
        the path was recorded (NULL) are not counted."""
        return self._count_by(council_id, period, TurnRow.answered_by)

    def latencies(self, council_id: str, period: Period) -> list[float]:
        query = self._assistant_turns(council_id, period, TurnRow.latency_ms).where(
            TurnRow.latency_ms.is_not(None)
        )
        with self._db.session() as session:
            return [float(value) for value in session.scalars(query)]

    def unanswered(self, council_id: str, period: Period, limit: int = 100) -> list[Unanswered]:
        """The citizen messages the assistant answered as out of scope, most recent first."""
        question = aliased(TurnRow)
        query = (
            self._assistant_turns(
                council_id, period, question.created_at, question.text, question.language
            )
            .join(
                question,
                and_(
                    question.conversation_id == TurnRow.conversation_id,
                    question.position == TurnRow.position - 1,
                    question.role == "citizen",
                ),
            )
            .where(TurnRow.intent == Intent.OUT_OF_SCOPE.value)
            .order_by(TurnRow.created_at.desc(), TurnRow.id.desc())
            .limit(limit)
        )
        with self._db.session() as session:
            return [Unanswered(_aware(at), text, lang) for at, text, lang in session.execute(query)]

    def feedback(self, council_id: str, period: Period) -> dict[bool, int]:
        query = (
            select(FeedbackRow.useful, func.count())
            .join(ConversationRow, ConversationRow.id == FeedbackRow.conversation_id)
            .where(
                ConversationRow.council_id == council_id,
                _within(FeedbackRow.created_at, period),
            )
            .group_by(FeedbackRow.useful)
        )
        with self._db.session() as session:
            return {bool(row[0]): row[1] for row in session.execute(query)}

    def feedback_comments(
        self, council_id: str, period: Period, limit: int = 50
    ) -> list[FeedbackComment]:
        query = (
            select(FeedbackRow.created_at, FeedbackRow.useful, FeedbackRow.comment)
            .join(ConversationRow, ConversationRow.id == FeedbackRow.conversation_id)
            .where(
                ConversationRow.council_id == council_id,
                _within(FeedbackRow.created_at, period),
                FeedbackRow.comment.is_not(None),
                FeedbackRow.comment != "",
            )
            .order_by(FeedbackRow.created_at.desc(), FeedbackRow.id.desc())
            .limit(limit)
        )
        with self._db.session() as session:
            return [
                FeedbackComment(_aware(at), bool(useful), comment or "")
                for at, useful, comment in session.execute(query)
            ]

    def actions(self, council_id: str, period: Period) -> list[ActionCount]:
        query = (
            select(ActionLogRow.action, ActionLogRow.status, func.count())
            .where(
                ActionLogRow.council_id == council_id,
                _within(ActionLogRow.created_at, period),
            )
            .group_by(ActionLogRow.action, ActionLogRow.status)
            .order_by(ActionLogRow.action, ActionLogRow.status)
        )
        with self._db.session() as session:
            return [ActionCount(*row) for row in session.execute(query)]

    def action_failures(
        self, council_id: str, period: Period, limit: int = 50
    ) -> list[ActionFailure]:
        query = (
            select(
                ActionLogRow.created_at,
                ActionLogRow.action,
                ActionLogRow.procedure_id,
                ActionLogRow.error,
            )
            .where(
                ActionLogRow.council_id == council_id,
                ActionLogRow.status == "failed",
                _within(ActionLogRow.created_at, period),
            )
            .order_by(ActionLogRow.created_at.desc(), ActionLogRow.id.desc())
            .limit(limit)
        )
        with self._db.session() as session:
            return [
                ActionFailure(_aware(at), action, procedure, error)
                for at, action, procedure, error in session.execute(query)
            ]

    def consents(self, council_id: str, period: Period) -> int:
        query = select(func.count()).where(
            ConsentRow.council_id == council_id, _within(ConsentRow.created_at, period)
        )
        with self._db.session() as session:
            return int(session.scalar(query) or 0)
