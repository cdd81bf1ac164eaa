"""The supervision loop (docs/supervision.md): reporting cycles and their reminders (催报), task progress,
supervision items (督办事项) with their departments, answers and timeline, evidence files; users gain an e-mail.

Only new tables and one nullable column: every existing row is kept as it is.

Revision ID: 0009_supervision
Revises: 0008_place_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_supervision"
down_revision = "0008_place_index"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(name: str, table: str, nullable: bool = False, ondelete: str | None = None) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    """Apply this revision: the new tables, then the users' e-mail column."""
    op.create_table(
        "reporting_cycles", _id(),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=12), sa.ForeignKey("jurisdictions.code"), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_cycles")))
    op.create_index(op.f("ix_reporting_cycles_jurisdiction_code"), "reporting_cycles", ["jurisdiction_code"])
    op.create_table(
        "cycle_items", _id(),
        _fk("cycle_id", "reporting_cycles", ondelete="CASCADE"),
        _fk("target_id", "targets", True, "CASCADE"),
        _fk("task_id", "tasks", True, "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_items")),
        sa.UniqueConstraint("cycle_id", "target_id", "task_id", name=op.f("uq_cycle_items_cycle_id")))
    for column in ("cycle_id", "target_id", "task_id"):
        op.create_index(op.f(f"ix_cycle_items_{column}"), "cycle_items", [column])
    op.create_table(
        "cycle_reminders", _id(),
        _fk("cycle_id", "reporting_cycles", ondelete="CASCADE"),
        _fk("department_id", "departments"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("emailed_to", sa.Text(), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_reminders")))
    for column in ("cycle_id", "department_id"):
        op.create_index(op.f(f"ix_cycle_reminders_{column}"), "cycle_reminders", [column])
    op.create_table(
        "task_progress", _id(),
        _fk("task_id", "tasks", ondelete="CASCADE"),
        _fk("cycle_id", "reporting_cycles", True, "SET NULL"),
        _fk("department_id", "departments", True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=128), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_progress")))
    for column in ("task_id", "cycle_id"):
        op.create_index(op.f(f"ix_task_progress_{column}"), "task_progress", [column])
    op.create_table(
        "supervision_items", _id(),
        sa.Column("jurisdiction_code", sa.String(length=12), sa.ForeignKey("jurisdictions.code"), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("answer_due", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("doc_number", sa.String(length=128), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_items")))
    for column in ("jurisdiction_code", "state"):
        op.create_index(op.f(f"ix_supervision_items_{column}"), "supervision_items", [column])
    op.create_table(
        "supervision_subjects", _id(),
        _fk("item_id", "supervision_items", ondelete="CASCADE"),
        _fk("target_id", "targets", True, "CASCADE"),
        _fk("task_id", "tasks", True, "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_subjects")))
    for column in ("item_id", "target_id", "task_id"):
        op.create_index(op.f(f"ix_supervision_subjects_{column}"), "supervision_subjects", [column])
    op.create_table(
        "supervision_departments", _id(),
        _fk("item_id", "supervision_items", ondelete="CASCADE"),
        _fk("department_id", "departments"),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_departments")),
        sa.UniqueConstraint("item_id", "department_id", name=op.f("uq_supervision_departments_item_id")))
    for column in ("item_id", "department_id"):
        op.create_index(op.f(f"ix_supervision_departments_{column}"), "supervision_departments", [column])
    op.create_table(
        "supervision_answers", _id(),
        _fk("item_id", "supervision_items", ondelete="CASCADE"),
        _fk("department_id", "departments", True),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("complete_by", sa.Date(), nullable=False),
        sa.Column("answered_by", sa.String(length=128), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_answers")))
    op.create_index(op.f("ix_supervision_answers_item_id"), "supervision_answers", ["item_id"])
    op.create_table(
        "supervision_events", _id(),
        _fk("item_id", "supervision_items", ondelete="CASCADE"),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_events")))
    op.create_index(op.f("ix_supervision_events_item_id"), "supervision_events", ["item_id"])
    op.create_table(
        "evidence_files", _id(),
        sa.Column("owner", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=128), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")))
    op.create_index("ix_evidence_files_owner", "evidence_files", ["owner", "owner_id"])
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Revert this revision: the tables dropped (their rows with them), the e-mail column removed."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email")
    for table in ("evidence_files", "supervision_events", "supervision_answers", "supervision_departments",
                  "supervision_subjects", "supervision_items", "task_progress", "cycle_reminders", "cycle_items",
                  "reporting_cycles"):
        op.drop_table(table)
