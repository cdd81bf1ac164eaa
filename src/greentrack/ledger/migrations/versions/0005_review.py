"""A person's review of every target and task: its state (extracted · confirmed · corrected · rejected · added),
the reason of a rejection, who reviewed it and when, the decision of the previous version of the plan when it
could not be carried over, and the record of the previous version it continues (docs/review.md).

Rows stored before this revision read as `extracted`: machine output nobody has checked yet.

Revision ID: 0005_review
Revises: 0003_confidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_review"
down_revision = "0003_confidence"
branch_labels = None
depends_on = None

TABLES = ("targets", "tasks")


def _columns() -> list[sa.Column]:
    return [sa.Column("review_state", sa.String(length=16), server_default="extracted", nullable=False),
            sa.Column("review_reason", sa.Text(), nullable=True),
            sa.Column("reviewed_by", sa.String(length=128), nullable=True),
            sa.Column("reviewed_at", sa.DateTime(), nullable=True),
            sa.Column("review_previous", sa.JSON(), nullable=True),
            sa.Column("previous_id", sa.Integer(), nullable=True)]


def upgrade() -> None:
    """Apply this revision: plain added columns (no table is rebuilt, every row stays)."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in _columns():
                batch_op.add_column(column)


def downgrade() -> None:
    """Revert this revision."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(_columns()):
                batch_op.drop_column(column.name)
