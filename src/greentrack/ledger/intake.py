"""Monitoring-data intake: a department's reporting template, and the import of filled sheets, all-or-nothing.

Two layers. The pure one works on plain records and files: `plan_import` reads and checks a
sheet against targets and existing observations, `write_template` writes a workbook. The ledger
one looks those records up through the repository: `department_template` and
`import_observations`, which writes a clean sheet in one transaction or raises ImportRejected.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from greentrack.ledger.intake_check import check_sheet, require_clean
from greentrack.ledger.intake_ledger import (
    ImportOutcome,
    close_names,
    department_name,
    department_template,
    existing_observation,
    import_observations,
    intake_target,
)
from greentrack.ledger.intake_read import read_sheet
from greentrack.ledger.intake_records import (
    ExistingObservation,
    ImportPlan,
    IntakeObservation,
    IntakeTarget,
    RowProblem,
)
from greentrack.ledger.intake_template import TemplateSummary, compatible_units, write_template

__all__ = [
    "ExistingObservation", "ImportOutcome", "ImportPlan", "IntakeObservation", "IntakeTarget", "RowProblem",
    "TemplateSummary", "close_names", "compatible_units", "department_name", "department_template",
    "existing_observation", "import_observations", "intake_target", "plan_import", "require_clean",
    "write_template",
]


def plan_import(path: str | Path, targets: Iterable[IntakeTarget], existing: Iterable[ExistingObservation] = (),
                department: str | None = None, replace: bool = False, as_of: date | None = None) -> ImportPlan:
    """Read a filled sheet (.xlsx or .csv) and check every row against plain records; nothing is written."""
    return check_sheet(read_sheet(path), targets, existing, department, replace, as_of)
