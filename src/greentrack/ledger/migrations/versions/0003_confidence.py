"""Each target keeps the extractor's confidence and the doubts behind it (review sorts by it, lowest first).

Revision ID: 0003_confidence
Revises: 0002_auth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_confidence"
down_revision = "0002_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: targets stored before it read as sure (1.0, no doubts)."""
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.Double(), server_default="1.0", nullable=False))
        batch_op.add_column(sa.Column("doubts", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("doubts")
        batch_op.drop_column("confidence")
