"""unique turn positions and feedback votes; conversation state stored as (sealed) text

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00

Concurrent messages on one conversation could store two turns at the same position, and a
vote could be recorded twice for one turn. Existing duplicates are resolved first: a
conversation with duplicate positions has its turns renumbered 1..n in the order they were
inserted (each request's citizen turn and reply stay together) and its `turn_count` set to n;
of several votes on one turn the newest is kept. Then unique indexes make both impossible.

`conversations.state` becomes text: it holds the state sealed (encrypted) by
`ali.storage.state_cipher`. Rows written before are plain JSON text, still readable, and are
sealed by the start-up pass (`ali.storage.retention.purge_expired`). SQLite keeps its column
as it is (its types are advisory and a JSON column already holds text).
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _renumber_duplicate_turns(connection: sa.Connection) -> None:
    turns = sa.table(
        "turns",
        sa.column("id", sa.Integer),
        sa.column("conversation_id", sa.String),
        sa.column("position", sa.Integer),
    )
    conversations = sa.table(
        "conversations", sa.column("id", sa.String), sa.column("turn_count", sa.Integer)
    )
    affected = (
        sa.select(turns.c.conversation_id)
        .group_by(turns.c.conversation_id, turns.c.position)
        .having(sa.func.count() > 1)
        .distinct()
    )
    ids = [row[0] for row in connection.execute(affected)]
    for conversation_id in ids:
        rows = connection.execute(
            sa.select(turns.c.id, turns.c.position)
            .where(turns.c.conversation_id == conversation_id)
            .order_by(turns.c.id)
        ).all()
        for position, (turn_id, old) in enumerate(rows, start=1):
            if old != position:
                connection.execute(
                    sa.update(turns).where(turns.c.id == turn_id).values(position=position)
                )
        connection.execute(
            sa.update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(turn_count=len(rows))
        )


def _keep_newest_votes(connection: sa.Connection) -> None:
    feedback = sa.table(
        "feedback",
        sa.column("id", sa.Integer),
        sa.column("conversation_id", sa.String),
        sa.column("turn", sa.Integer),
        sa.column("created_at", sa.DateTime),
    )
    duplicated = (
        sa.select(feedback.c.conversation_id, feedback.c.turn)
        .group_by(feedback.c.conversation_id, feedback.c.turn)
        .having(sa.func.count() > 1)
    ).subquery()
    rows = connection.execute(
        sa.select(feedback.c.id, feedback.c.conversation_id, feedback.c.turn)
        .join(
            duplicated,
            sa.and_(
                duplicated.c.conversation_id == feedback.c.conversation_id,
                duplicated.c.turn == feedback.c.turn,
            ),
        )
        .order_by(feedback.c.created_at.desc(), feedback.c.id.desc())
    ).all()
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for vote_id, conversation_id, turn in rows:
        groups[(conversation_id, turn)].append(vote_id)
    older = [vote_id for ids in groups.values() for vote_id in ids[1:]]
    for start in range(0, len(older), 500):
        connection.execute(sa.delete(feedback).where(feedback.c.id.in_(older[start : start + 500])))


def upgrade() -> None:
    connection = op.get_bind()
    _renumber_duplicate_turns(connection)
    _keep_newest_votes(connection)
    op.create_index(
        "uq_turns_conversation_position", "turns", ["conversation_id", "position"], unique=True
    )
    op.create_index(
        "uq_feedback_conversation_turn", "feedback", ["conversation_id", "turn"], unique=True
    )
    if connection.dialect.name == "postgresql":
        op.alter_column(
            "conversations",
            "state",
            type_=sa.Text(),
            existing_type=sa.JSON(),
            existing_nullable=False,
            postgresql_using="state::text",
        )


def downgrade() -> None:
    # Only plain JSON rows convert back; sealed states are dropped (those conversations start
    # over, their transcripts stay).
    op.execute("UPDATE conversations SET state = '{}' WHERE state NOT LIKE '{%'")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "conversations",
            "state",
            type_=sa.JSON(),
            existing_type=sa.Text(),
            existing_nullable=False,
            postgresql_using="state::json",
        )
    op.drop_index("uq_feedback_conversation_turn", table_name="feedback")
    op.drop_index("uq_turns_conversation_position", table_name="turns")
