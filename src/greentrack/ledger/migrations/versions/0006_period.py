"""Each target keeps the first year of the period its plan states ("“十四五”期间" → 2021), where it states one.

Revision ID: 0006_period
Revises: 0005_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_period"
down_revision = "0005_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: targets stored before it have no stated period (tracking falls back to the issue year)."""
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_start", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("period_start")
