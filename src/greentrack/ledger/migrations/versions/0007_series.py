"""Per-target series, reporting rules and withdrawn values (docs/ledger.md "Series").

Targets gain `series_key` (a series a person chose; empty: the default) and `reporting` (当年新增 · 累计);
observations gain the reason of their last correction and their withdrawal (who, when, from which series),
and their key grows to 512 characters (a series key carries the target's scope).

Values kept: before this revision a value belonged to an indicator in a place (`indicator:<code>:<id>`).
Each such value now fills the default series of every target of that indicator and place: one series per
measure (level · additions), quantity (the indicator as written, without words such as 累计 or 建成) and
scope, so targets that agree in all three share it. The stored row itself is kept and moves to the first
of those series; each further series gets a copy, marked in `change_reason`. Values of an indicator no
target reads stay as they were. No row is deleted.

Revision ID: 0007_series
Revises: 0006_period
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_series"
down_revision = "0006_period"
branch_labels = None
depends_on = None

COPIED = "copied on upgrade (0007_series) from "


WHOLE_PLACE = tuple(f"全{level}" for level in "国省市县区州盟旗镇乡域")
GENERIC_WORDS = ("累计", "新增", "建成", "完成", "达到", "面积", "数量", "总量", "规模", "总数",
                 "全县", "全市", "全省", " ")


def _default_key(code: str | None, indicator_id: str, kind: str, scope: str | None, indicator: str) -> str:
    """ledger/series.py default_series_key as this revision knows it (frozen here on purpose)."""
    text = (scope or "").strip(" ")
    what = indicator
    for word in GENERIC_WORDS:
        what = what.replace(word, "")
    return (f"indicator:{code or ''}:{indicator_id}{'|added' if kind == 'cumulative' else ''}|{what[:100]}"
            f"{'|' + text[:200] if text and text not in WHOLE_PLACE else ''}")


def upgrade() -> None:
    """Apply this revision: added columns, a wider key, then every legacy value attached to its targets' series."""
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_key", sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column("reporting", sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f("ix_targets_series_key"), ["series_key"], unique=False)
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.alter_column("scope_key", existing_type=sa.String(length=128), type_=sa.String(length=512),
                              existing_nullable=False)
        batch_op.add_column(sa.Column("change_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_key", sa.String(length=512), nullable=True))
    _attach_legacy_values(op.get_bind())


def _attach_legacy_values(connection: sa.Connection) -> None:
    meta = sa.MetaData()
    targets = sa.Table("targets", meta, autoload_with=connection)
    observations = sa.Table("observations", meta, autoload_with=connection)
    legacy = sorted(set(connection.scalars(sa.select(observations.c.scope_key)
                                           .where(observations.c.scope_key.like("indicator:%")))))
    for key in legacy:
        code, _, indicator_id = key.removeprefix("indicator:").partition(":")
        where = targets.c.jurisdiction_code.is_(None) if not code else targets.c.jurisdiction_code == code
        readers = connection.execute(sa.select(targets.c.kind, targets.c.scope, targets.c.indicator)
                                     .where(targets.c.indicator_id == indicator_id, where)).all()
        keys = sorted({_default_key(code, indicator_id, *reader) for reader in readers})
        if not keys or key in keys:
            copies = [k for k in keys if k != key]
        else:  # no target reads the plain key any longer: the rows move to the first series, the rest get copies
            connection.execute(sa.update(observations).where(observations.c.scope_key == key)
                               .values(scope_key=keys[0]))
            key, copies = keys[0], keys[1:]
        rows = [dict(r._mapping) for r in connection.execute(sa.select(observations)
                                                               .where(observations.c.scope_key == key))]
        for into in copies:
            connection.execute(sa.insert(observations), [
                {**{name: value for name, value in row.items() if name != "id"}, "scope_key": into,
                 "target_id": None, "change_reason": COPIED + key} for row in rows])


def downgrade() -> None:
    """Revert this revision: the copies made on upgrade are removed; withdrawn values count again."""
    meta = sa.MetaData()
    connection = op.get_bind()
    observations = sa.Table("observations", meta, autoload_with=connection)
    connection.execute(sa.delete(observations).where(observations.c.change_reason.like(COPIED + "%")))
    connection.execute(sa.update(observations).where(observations.c.withdrawn_key.is_not(None))
                       .values(scope_key=observations.c.withdrawn_key))
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_key")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("change_reason")
        batch_op.alter_column("scope_key", existing_type=sa.String(length=512), type_=sa.String(length=128),
                              existing_nullable=False)
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_series_key"))
        batch_op.drop_column("reporting")
        batch_op.drop_column("series_key")
