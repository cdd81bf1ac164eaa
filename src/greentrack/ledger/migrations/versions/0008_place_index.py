"""An index on each document's place: a place's report, warnings and evaluation find its plans by it instead
of reading every document of the ledger (texts included).

Revision ID: 0008_place_index
Revises: 0007_series
"""

from __future__ import annotations

from alembic import op

revision = "0008_place_index"
down_revision = "0007_series"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: an index only, every row kept as it is."""
    op.create_index("ix_documents_jurisdiction_code", "documents", ["jurisdiction_code"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_documents_jurisdiction_code", table_name="documents")
