"""Database tables (SQLAlchemy 2). Changes to them need an Alembic migration in `migrations/`.

Every free text stored here (turns, feedback comments, ticket topics) is redacted before it is
written; `tickets.contact` is the one column that holds a citizen's phone on purpose, because a
callback needs it: sealed (encrypted, see `ali.storage.state_cipher`), and deleted with the
ticket by the retention job. The conversation state is sealed too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    council_id: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(2))
    procedure_id: Mapped[str | None] = mapped_column(String(100))
    # The dialogue state, sealed (encrypted) by `ali.storage.state_cipher`; rows from before
    # migration 0003 may still hold plain JSON until the start-up pass seals them.
    state: Mapped[str] = mapped_column(Text, default="{}")
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (
        Index("uq_turns_conversation_position", "conversation_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(32))
    procedure_id: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(2))
    latency_ms: Mapped[float | None] = mapped_column(Float)
    answered_by: Mapped[str | None] = mapped_column(String(16))  # "model" or "catalogue"
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        Index("uq_feedback_conversation_turn", "conversation_id", "turn", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    turn: Mapped[int] = mapped_column(Integer)
    useful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TicketRow(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    council_id: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    topic: Mapped[str] = mapped_column(Text)
    preferred_time: Mapped[str | None] = mapped_column(String(32))
    contact: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class ActionLogRow(Base):
    """The audit trail: one row per confirmed action, keyed by its idempotency key. `citizen`
    is a pseudonym (an HMAC of the NIF), never the NIF; `summary` is the citizen's message,
    redacted, and `documents` its links, so a retry answers what the first time did;
    `updated_at` is when the entry was last claimed or settled (see `ali.storage.audit`)."""

    __tablename__ = "action_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    council_id: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    procedure_id: Mapped[str | None] = mapped_column(String(100))
    citizen: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    reference: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(2))
    documents: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered: Mapped[bool] = mapped_column(Boolean, default=True)
    request_digest: Mapped[str | None] = mapped_column(String(64))


class ConsentRow(Base):
    """An acceptance of the privacy notice (no personal data: which notice, where, when)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    council_id: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    notice_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AttachmentRow(Base):
    """A document a citizen uploaded for a form (an application's attachments). Personal data:
    kept only until the form is sent or abandoned, then deleted (see `ali.storage.retention`)."""

    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    council_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    form_id: Mapped[str] = mapped_column(String(32), index=True)
    owner: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
