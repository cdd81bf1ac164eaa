"""The 中期评估报告 as an office submits it (docs/reports.md): a place's 公文 frame (report_settings), the
narrative sections the office edited (report_texts), and the evaluations kept for the next year's comparison.

Only new tables: every existing row is kept as it is.

Revision ID: 0010_report
Revises: 0009_supervision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_report"
down_revision = "0009_supervision"
branch_labels = None
depends_on = None


def _place() -> sa.Column:
    return sa.Column("jurisdiction_code", sa.String(length=12), sa.ForeignKey("jurisdictions.code"), nullable=False)


def upgrade() -> None:
    """Apply this revision: three new tables."""
    op.create_table(
        "report_settings", sa.Column("id", sa.Integer(), nullable=False), _place(),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("doc_number", sa.String(length=128), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("copies", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_settings")),
        sa.UniqueConstraint("jurisdiction_code", name=op.f("uq_report_settings_jurisdiction_code")))
    op.create_table(
        "report_texts", sa.Column("id", sa.Integer(), nullable=False), _place(),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("edited_by", sa.String(length=128), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_texts")),
        sa.UniqueConstraint("jurisdiction_code", "section", name=op.f("uq_report_texts_jurisdiction_code")))
    op.create_index(op.f("ix_report_texts_jurisdiction_code"), "report_texts", ["jurisdiction_code"])
    op.create_table(
        "evaluations", sa.Column("id", sa.Integer(), nullable=False), _place(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("overall", sa.Double(), nullable=True),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("statuses", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")))
    op.create_index("ix_evaluations_place", "evaluations", ["jurisdiction_code", "as_of"])


def downgrade() -> None:
    """Revert this revision: the three tables dropped."""
    for table in ("evaluations", "report_texts", "report_settings"):
        op.drop_table(table)
