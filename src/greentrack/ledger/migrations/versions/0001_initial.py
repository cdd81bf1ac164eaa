"""The initial ledger schema: jurisdictions, documents (with versions), sections, targets, tasks,
departments, responsibilities, observations, users and the audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22 01:37:40.900831
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "jurisdictions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["jurisdictions.code"], name=op.f("fk_jurisdictions_parent_code_jurisdictions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_jurisdictions")),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("registry_id", sa.String(length=64), nullable=True),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["jurisdiction_code"], ["jurisdictions.code"], name=op.f("fk_departments_jurisdiction_code_jurisdictions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("name", "jurisdiction_code", name=op.f("uq_departments_name")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("doc_number", sa.String(length=128), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("issue_date", sa.String(length=10), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=True),
        sa.Column("series", sa.String(length=512), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_code"], ["jurisdictions.code"], name=op.f("fk_documents_jurisdiction_code_jurisdictions")
        ),
        sa.ForeignKeyConstraint(["previous_id"], ["documents.id"], name=op.f("fk_documents_previous_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_series"), ["series"], unique=False)

    op.create_table(
        "sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parent_position", sa.Integer(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("path", sa.JSON(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_sections_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
    )
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sections_document_id"), ["document_id"], unique=False)

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("comparator", sa.String(length=4), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Double(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("aspirational", sa.Boolean(), nullable=False),
        sa.Column("binding", sa.String(length=8), nullable=True),
        sa.Column("departments", sa.JSON(), nullable=False),
        sa.Column("lead_departments", sa.JSON(), nullable=False),
        sa.Column("section", sa.JSON(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("resolution_score", sa.Double(), nullable=False),
        sa.Column("resolution_how", sa.String(length=64), nullable=False),
        sa.Column("canonical_value", sa.Double(), nullable=True),
        sa.Column("canonical_unit", sa.String(length=32), nullable=True),
        sa.Column("unit_problem", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_targets_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["jurisdiction_code"], ["jurisdictions.code"], name=op.f("fk_targets_jurisdiction_code_jurisdictions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("document_id", "key", name=op.f("uq_targets_document_id")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_targets_indicator_id"), ["indicator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_targets_jurisdiction_code"), ["jurisdiction_code"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.String(length=10), nullable=True),
        sa.Column("departments", sa.JSON(), nullable=False),
        sa.Column("lead_departments", sa.JSON(), nullable=False),
        sa.Column("section", sa.JSON(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_tasks_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("document_id", "key", name=op.f("uq_tasks_document_id")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_document_id"), ["document_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_users_department_id_departments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_key", sa.String(length=128), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=True),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("value_written", sa.Double(), nullable=False),
        sa.Column("unit_written", sa.String(length=32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reporter", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_code"], ["jurisdictions.code"], name=op.f("fk_observations_jurisdiction_code_jurisdictions")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_observations_target_id_targets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
        sa.UniqueConstraint("scope_key", "period", name=op.f("uq_observations_scope_key")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index("ix_observations_indicator", ["jurisdiction_code", "indicator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_observations_target_id"), ["target_id"], unique=False)

    op.create_table(
        "responsibilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("written", sa.String(length=128), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_responsibilities_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_responsibilities_target_id_targets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_responsibilities_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responsibilities")),
    )
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responsibilities_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_responsibilities_target_id"), ["target_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_responsibilities_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsibilities_task_id"))
        batch_op.drop_index(batch_op.f("ix_responsibilities_target_id"))
        batch_op.drop_index(batch_op.f("ix_responsibilities_department_id"))

    op.drop_table("responsibilities")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_target_id"))
        batch_op.drop_index("ix_observations_indicator")

    op.drop_table("observations")
    op.drop_table("users")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_document_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_jurisdiction_code"))
        batch_op.drop_index(batch_op.f("ix_targets_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_targets_document_id"))

    op.drop_table("targets")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sections_document_id"))

    op.drop_table("sections")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_series"))

    op.drop_table("documents")
    op.drop_table("departments")
    op.drop_table("jurisdictions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")

    op.drop_table("audit_log")
