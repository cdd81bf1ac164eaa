"""The place and department a list is filtered by, checked against the ledger before the list is made: a name the
ledger does not hold is an error naming the names it may have meant, never a quietly empty list."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentrack.ledger.db import Ledger

SHOWN = 12  # candidates named at most


def check_filters(ledger: Ledger, jurisdiction: str | None = None, department: str | None = None) -> None:
    """UnknownJurisdiction / UnknownDepartment, with candidates, when a filter names nothing the ledger holds."""
    from greentrack.errors import UnknownDepartment, UnknownJurisdiction
    from greentrack.ledger import repository

    with ledger.session() as session:
        if jurisdiction and repository.places.find_jurisdiction_code(session, jurisdiction) is None:
            names = sorted(set(repository.places.jurisdiction_names(session).values()))
            close = close_places(jurisdiction, names)
            raise UnknownJurisdiction(jurisdiction, close or names[:SHOWN], close=bool(close))
        if department and not repository.departments.find_departments(session, department):
            from greentrack.ledger.intake_ledger import close_names  # openpyxl with it: only on a miss

            known = sorted({d.name for d in repository.departments.list_departments(session)})
            raise UnknownDepartment(department, close_names(department, known) or known[:SHOWN])


def close_places(query: str, names: list[str]) -> list[str]:
    """The held place names spelled like `query` (金香县 → 金乡县, 金乡 → 金乡县)."""
    text = query.strip()
    close = [n for n in names if text and (text in n or n in text)]
    close += [n for n in difflib.get_close_matches(text, names, n=SHOWN, cutoff=0.5) if n not in close]
    return close[:SHOWN]
