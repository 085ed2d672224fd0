"""audit log entries that survive a crash: claim time, attempts, language, the answer given

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 12:00:00

An action whose process died mid-call stayed `pending` forever. Entries now record when they
were last claimed (`updated_at`) and how many times (`attempts`), so a stale one can be taken
over and reconciled with the back office by its idempotency key; the citizen's language, the
answer's documents (`documents`, their links) and whether the citizen was given the result
(`delivered`), so a retry answers what the first time did; and a digest of the request
(`request_digest`), so a new form asking for the same thing finds it. Existing entries count as
delivered, claimed when created.

`citizen` held the NIF in clear; it now holds a pseudonym. The NIFs already stored are removed
(set to NULL): they cannot be turned into the pseudonym here, and must not stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_log") as batch:
        batch.add_column(sa.Column("language", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("documents", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("delivered", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("request_digest", sa.String(length=64), nullable=True))
    op.execute("UPDATE action_log SET updated_at = COALESCE(completed_at, created_at)")
    op.execute("UPDATE action_log SET citizen = NULL")
    op.create_index(op.f("ix_action_log_status"), "action_log", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_action_log_status"), table_name="action_log")
    with op.batch_alter_table("action_log") as batch:
        batch.drop_column("request_digest")
        batch.drop_column("delivered")
        batch.drop_column("updated_at")
        batch.drop_column("attempts")
        batch.drop_column("documents")
        batch.drop_column("language")
