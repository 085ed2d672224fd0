"""assistant turns record which path composed the reply

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 14:10:00

A reply is composed either by the language model (grounded in the catalogue's sources and
checked by the guardrails) or from the catalogue alone. `turns.answered_by` keeps which one,
"model" or "catalogue", so the dashboard can count both. Turns stored before this revision keep
NULL: which path answered them is not known.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("answered_by", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("answered_by")
