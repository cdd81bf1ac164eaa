"""The bundled illustrative observations (示例数据) for the seed plans, loaded into a ledger for the demo.

`samples/demo_observations.csv` holds made-up values, one row per indicator (or target) and period; a row of
an indicator fills the series of every target of that indicator in its place (docs/ledger.md "Series");
its first column reads 示例数据 on every row, and every row is stored with `illustrative` set, so
that every display can mark them. Loading is all-or-nothing within the caller's transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from greentrack.errors import DuplicateObservation, LedgerDataError
from greentrack.ledger import repository
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import NewObservation
from greentrack.resolve import convert, get_indicator, get_jurisdiction
from greentrack.resolve.models import Quantity

ILLUSTRATIVE = "示例数据"
DEMO_FILE = Path(__file__).parent.parent / "samples" / "demo_observations.csv"
COLUMNS = (ILLUSTRATIVE, "jurisdiction_code", "jurisdiction", "indicator_id", "target_key", "period", "value",
           "unit", "source", "note")


def load_observations(session: Session, path: Path = DEMO_FILE, reporter: str = "greentrack demo") -> int:
    """Store every row of an observation CSV in the bundled layout; returns how many values were stored (a row of
    an indicator is stored once per series of its targets there)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerDataError(path, 0, "-", f"cannot read the file: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise LedgerDataError(path, 1, missing[0], f"missing column(s) {', '.join(missing)}")
    stored = 0
    for number, row in enumerate(reader, start=2):
        new = _observation(session, path, number, row, reporter)
        try:
            stored += len(repository.observations.add_observations(session, new))
        except DuplicateObservation as exc:
            raise LedgerDataError(path, number, "period", str(exc)) from exc
    return stored


def _observation(session: Session, path: Path, number: int, row: dict[str, str], reporter: str) -> NewObservation:
    def bad(column: str, reason: str) -> LedgerDataError:
        return LedgerDataError(path, number, column, reason)

    period = row["period"].strip()
    try:
        period_end(period)
    except ValueError as exc:
        raise bad("period", str(exc)) from exc
    try:
        written = float(row["value"])
    except ValueError as exc:
        raise bad("value", f"{row['value']!r} is not a number") from exc
    unit = row["unit"].strip()
    illustrative = row[ILLUSTRATIVE].strip() == ILLUSTRATIVE
    common = {"period": period, "value_written": written, "unit_written": unit, "source": row["source"].strip(),
              "note": row["note"].strip(), "reporter": reporter, "illustrative": illustrative}
    indicator_id = row["indicator_id"].strip()
    if indicator_id:
        indicator = get_indicator(indicator_id)
        if indicator is None:
            raise bad("indicator_id", f"unknown indicator id {indicator_id!r} — see `greentrack catalog`")
        code = row["jurisdiction_code"].strip()
        if get_jurisdiction(code) is None:
            raise bad("jurisdiction_code", f"{code!r} is not a GB/T 2260 code")
        converted = convert(written, unit, indicator.unit)
        if not isinstance(converted, Quantity):
            raise bad("unit", f"{unit!r} does not convert to {indicator.unit!r}: {converted.reason}")
        return NewObservation(value=converted.value, unit=indicator.unit, jurisdiction_code=code,
                              indicator_id=indicator_id, **common)
    key = row["target_key"].strip()
    found = repository.documents.targets_by_key(session, key) if key else []
    if not found:
        raise bad("target_key", f"no target {key!r} in the ledger" if key else "give indicator_id or target_key")
    target_unit = found[0].target.unit
    converted = convert(written, unit, target_unit)
    if not isinstance(converted, Quantity):
        raise bad("unit", f"{unit!r} does not convert to the target's unit {target_unit!r}: {converted.reason}")
    return NewObservation(value=converted.value, unit=target_unit, target_id=found[0].id, **common)
