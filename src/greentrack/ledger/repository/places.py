"""Jurisdictions: the GB/T 2260 divisions the ledger holds, each stored with its parents.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from greentrack.ledger.schema import JurisdictionRow
from greentrack.resolve import get_jurisdiction, resolve_jurisdiction
from greentrack.resolve.jurisdictions import descendant_codes
from greentrack.resolve.models import Jurisdiction


def ensure_jurisdiction(session: Session, code: str | None, stored: dict[str, bool] | None = None) -> str | None:
    """Store the division with this GB/T 2260 code and its parents (outermost first); returns the code.

    `stored` (a batch's look-ups, done once: code → whether the row exists) is used and kept up to date;
    with it, missing rows are written with a Core INSERT instead of through the session.
    """
    if not code:
        return None
    place = get_jurisdiction(code)
    if place is None:
        return None
    for item in _lineage_of(place):
        if item is None:
            continue
        if stored is None:
            if session.get(JurisdictionRow, item.code) is None:
                session.add(JurisdictionRow(code=item.code, name=item.name, level=item.level,
                                            parent_code=item.parent_code))
                session.flush()
            continue
        if item.code not in stored:
            stored[item.code] = session.connection().execute(
                select(JurisdictionRow.code).where(JurisdictionRow.code == item.code)).first() is not None
        if not stored[item.code]:
            session.connection().execute(insert(JurisdictionRow.__table__), {  # parameters: one cached statement
                "code": item.code, "name": item.name, "level": item.level, "parent_code": item.parent_code})
            stored[item.code] = True
    return place.code


def _lineage_of(place: Jurisdiction) -> list[Jurisdiction | None]:
    """The division's parents, outermost first, then the division itself."""
    return [*(get_jurisdiction(c) for c, _ in reversed(place.chain)), place]


def stored_jurisdictions(session: Session, codes: Iterable[str | None]) -> dict[str, bool]:
    """Whether each of these divisions and their parents is stored already (one query per 500 codes)."""
    wanted = sorted({item.code for code in codes if code and (place := get_jurisdiction(code)) is not None
                     for item in _lineage_of(place) if item is not None})
    stored = dict.fromkeys(wanted, False)
    for start in range(0, len(wanted), 500):
        for found in session.connection().execute(select(JurisdictionRow.code).where(
                JurisdictionRow.code.in_(wanted[start:start + 500]))).scalars():
            stored[found] = True
    return stored


def jurisdiction_rows(session: Session, codes: set[str | None]) -> list[tuple[str, JurisdictionRow]]:
    """The stored divisions with these codes (blanks and unknown codes left out), each with its code."""
    wanted = sorted(c for c in codes if c)
    if not wanted:
        return []
    return [(row.code, row) for row in session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(wanted)))]


def jurisdiction_codes_under(session: Session, code: str) -> set[str]:
    """The code and every stored division below it (a province sees its cities and counties).

    The divisions below come from the shipped GB/T 2260 table (every stored division was stored from it, with
    its parents) and are looked up by code: the rows read are the subtree's, whatever the size of the ledger.
    """
    wanted = descendant_codes(code)
    found = {code}
    for start in range(0, len(wanted), 500):  # stay below the dialects' bound-parameter limits
        found.update(session.scalars(select(JurisdictionRow.code).where(
            JurisdictionRow.code.in_(wanted[start:start + 500]))))
    return found


def jurisdiction_codes_above(code: str) -> list[str]:
    """The codes of the divisions above this one (nearest first), from the shipped GB/T 2260 table."""
    place = get_jurisdiction(code)
    return [parent for parent, _ in place.chain] if place is not None else []


def find_jurisdiction_code(session: Session, query: str) -> str | None:
    """A stored division by code or name (金乡县, 金乡); None when the ledger holds no such place."""
    text = query.strip()
    if session.get(JurisdictionRow, text) is not None:
        return text
    row = session.scalars(select(JurisdictionRow).where(JurisdictionRow.name == text)).first()
    if row is not None:
        return row.code
    place = resolve_jurisdiction(text)
    return place.code if place and session.get(JurisdictionRow, place.code) is not None else None


def jurisdiction_names(session: Session) -> dict[str, str]:
    """The name of every stored division, by code."""
    return {code: name for code, name in session.execute(select(JurisdictionRow.code, JurisdictionRow.name))}


def jurisdiction_parents(session: Session) -> dict[str, str | None]:
    """The parent code of every stored division, by code."""
    return {code: parent for code, parent in session.execute(select(JurisdictionRow.code,
                                                                    JurisdictionRow.parent_code))}
