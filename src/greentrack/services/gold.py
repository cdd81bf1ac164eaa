"""Reviewed plans as evaluation data: the targets a person confirmed, corrected or added, written as JSON Lines in
the gold format of `shared/spec/targets.md` (the fields of `shared/gold/*.jsonl`, in that order), so that
`greentrack eval --gold FILE --docs PLANS` measures the extractor on every plan the office has checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greentrack.services.files import write_file
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DocumentRecord, TargetRecord

GOLD_FIELDS = ("doc", "indicator", "comparator", "value", "unit", "year", "deadline", "kind", "reference_year",
               "baseline_value", "baseline_year", "scope", "aspirational", "binding", "departments",
               "lead_departments", "section", "quote")
REVIEWED = ("confirmed", "corrected", "added")


@dataclass(frozen=True)
class GoldExport:
    """The gold records of the chosen plans, and per plan how many targets were left out as not reviewed."""

    records: tuple[dict[str, Any], ...]
    plans: tuple[DocumentRecord, ...]
    unreviewed: dict[int, int]


def _number(value: float | None) -> float | int | None:
    """A whole number as an integer (65, not 65.0), as the gold files write them."""
    return int(value) if value is not None and float(value).is_integer() else value


def gold_record(record: TargetRecord, document_name: str) -> dict[str, Any]:
    """One reviewed target in the gold format: every field of the spec, departments as written."""
    t = record.target
    values = {"doc": document_name, "indicator": t.indicator, "comparator": t.comparator, "value": _number(t.value),
              "unit": t.unit, "year": t.year, "deadline": t.deadline, "kind": t.kind,
              "reference_year": t.reference_year, "baseline_value": _number(t.baseline_value),
              "baseline_year": t.baseline_year, "scope": t.scope, "aspirational": t.aspirational,
              "binding": t.binding, "departments": list(t.departments),
              "lead_departments": list(t.lead_departments), "section": list(t.section), "quote": t.quote}
    return {name: values[name] for name in GOLD_FIELDS}


def gold_export(ledger: Ledger, document_ids: list[int] | None = None, who: Principal | None = None) -> GoldExport:
    """The reviewed targets of the chosen plan versions (default: the newest version of every plan `who` may
    review), in reading order. Unreviewed targets are left out and counted; rejected ones are not targets."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "review")
    with ledger.session() as session:
        if document_ids:
            plans = [repository.documents.get_document(session, d) for d in document_ids]
        else:
            plans = repository.documents.current_documents(session)
        records: list[dict[str, Any]] = []
        unreviewed: dict[int, int] = {}
        for plan in plans:
            require_place(reader, plan.jurisdiction_code, plan.jurisdiction_name or plan.name)
            targets = repository.documents.document_targets(session, plan.id)
            records.extend(gold_record(t, plan.name) for t in targets if t.review.state in REVIEWED)
            unreviewed[plan.id] = sum(1 for t in targets if t.review.unreviewed)
    return GoldExport(tuple(records), tuple(plans), unreviewed)


def gold_lines(export: GoldExport) -> bytes:
    """The records as JSON Lines (UTF-8, Chinese unescaped)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in export.records).encode("utf-8")


def write_gold(ledger: Ledger, out: Path, document_ids: list[int] | None = None,
               who: Principal | None = None) -> GoldExport:
    """Write the gold records of the chosen plans to `out` (JSON Lines)."""
    export = gold_export(ledger, document_ids, who)
    write_file(out, gold_lines(export))
    return export
