"""Supervision lists (督办清单): a department's own warned targets."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from greentrack.services.status import ledger_warnings

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusReport
    from greentrack.track import Docket, EarlyWarning


def supervision_lists(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                      department: str | None = None, who: Principal | None = None,
                      ) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """Warnings and supervision lists (督办清单); with `department`, only the lists of the departments it names.

    `ledger_warnings` narrows to the targets a department answers for, whose lists name their other
    departments too; a department asking for its supervision list wants its own.
    """
    from greentrack.ledger import repository

    report, warnings, dockets = ledger_warnings(ledger, as_of, jurisdiction, department, who)
    if department:
        with ledger.session() as session:
            names = {d.name for d in repository.departments.find_departments(session, department)}
        dockets = tuple(d for d in dockets if d.department in names)
    return report, warnings, dockets
