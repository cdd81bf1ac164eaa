"""The choices of the ledger's filters (台账's places, departments, indicators, dimensions, statuses, years).

With target_list = index they come from the target index's columns and the responsibility rows read once per
ledger mark (`status_rows.responsible`): no target is read or assessed. They are kept per ledger, mark, date
and reader's scope, so the next page of the ledger reads them from memory. With `report` they come from the
per-target status report. Both give the same facets (tests/scale/test_scale_facets.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.resolve import get_indicator
from greentrack.services.kept import KeptMap
from greentrack.services.target_query import TargetFilter, scoped_index, target_list_route
from greentrack.track import STATUSES

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusReport

KEEP = 32  # facets kept per process (ledger × mark × date × reader's scope); a national one is a few MB


@dataclass(frozen=True)
class Facets:
    """The choices of each filter: what the ledger holds for the reader, so a filter never offers an empty set."""

    jurisdictions: tuple[str, ...]
    departments: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]
    dimensions: tuple[str, ...]
    statuses: tuple[str, ...]
    years: tuple[int, ...]
    department_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (place, its departments), for <optgroup>


def department_groups(departments: tuple[str, ...], places: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Departments under the place their name begins with (the longest such place: 济宁市生态环境局金乡县分局 is
    济宁市's), places in the order given, names without a place last under "".

    Each name's prefixes are looked up (a few dozen), not every place tried: a national ledger holds
    thousands of places and tens of thousands of departments."""
    groups: dict[str, list[str]] = {place: [] for place in places}
    groups[""] = []
    for name in departments:
        owner = next((name[:end] for end in range(len(name), 0, -1) if name[:end] in groups), "")
        groups[owner].append(name)
    return tuple((place, tuple(names)) for place, names in groups.items() if names)


def facets_of(report: StatusReport) -> Facets:
    """The filter choices of a status report, sorted."""
    from greentrack.services.targets import indicator_dimension

    rows = report.rows
    indicators: dict[str, str] = {}
    for row in rows:
        if row.record.indicator_id:
            indicators[row.record.indicator_id] = _indicator_name(row.record.indicator_id)
    places = tuple(sorted({r.record.jurisdiction_name for r in rows if r.record.jurisdiction_name}))
    departments = tuple(sorted({d for r in rows for d in r.record.departments}))
    return Facets(
        jurisdictions=places,
        departments=departments,
        department_groups=department_groups(departments, places),
        indicators=tuple(sorted(indicators.items(), key=lambda item: item[1])),
        dimensions=tuple(sorted({d for r in rows if (d := indicator_dimension(r))})),
        statuses=tuple(s for s in STATUSES if any(r.assessment.status == s for r in rows)),
        years=tuple(sorted({r.record.target.year for r in rows if r.record.target.year})))


def ledger_facets(ledger: Ledger, as_of: date, who: Principal | None = None) -> Facets:
    """The filter choices of the targets `who` may see on `as_of`, checked as `ledger_status` checks."""
    if target_list_route() == "index":
        return _indexed_facets(ledger, as_of, who)
    from greentrack.services.status import ledger_status

    return facets_of(ledger_status(ledger, as_of, who=who))


def _indexed_facets(ledger: Ledger, as_of: date, who: Principal | None) -> Facets:
    """`facets_of` the reader's report, from the index's columns (kept per ledger, mark, date and scope)."""
    from greentrack.services.status_rows import responsible

    with scoped_index(ledger, as_of, TargetFilter(), who) as scoped:
        index, reader = scoped.index, scoped.reader
        key = (ledger.url, index.columns.mark, as_of, _frozen(scoped.places), _frozen(reader.target_ids))
        found = _KEPT.get(key)
        if found is None:
            found = _KEPT.put(key, _columns_facets(index, scoped.matching(), responsible(ledger, scoped.session,
                                                                                          index)))
    return found


def _columns_facets(index: Any, keep: Any, responsibilities: tuple[Any, list[str]]) -> Facets:
    """The facets of the kept rows of a target index; `responsibilities` as `ledger.status.responsible_names`."""
    import numpy as np

    c = index.columns
    rows = np.flatnonzero(keep)
    held_places = [index.places[i] or "" for i in np.unique(index.jurisdiction[rows]).tolist()]
    places = tuple(sorted({name for code in held_places if (name := index.place_names.get(code))}))
    (targets, codes), names = responsibilities
    answered = np.isin(targets, c.ids[rows])
    departments = tuple(names[i] for i in np.unique(codes[answered]).tolist())  # `names` is sorted
    held, first = np.unique(index.indicator_id[rows], return_index=True)
    in_order = [int(code) for _, code in sorted(zip(first.tolist(), held.tolist(), strict=True))]  # the report's
    ids = [found for code in in_order if (found := index.indicator_ids[code])]
    years = {int(y) for y in np.unique(c.year[rows]).tolist() if y == y and y}  # NaN: no year
    statuses = set(np.unique(c.status[rows]).tolist())
    return Facets(
        jurisdictions=places,
        departments=departments,
        department_groups=department_groups(departments, places),
        indicators=tuple(sorted(((i, _indicator_name(i)) for i in ids), key=lambda item: item[1])),
        dimensions=tuple(sorted({d for code in in_order if (d := index.dimensions[code])})),
        statuses=tuple(s for number, s in enumerate(STATUSES) if number in statuses),
        years=tuple(sorted(years)))


def _indicator_name(indicator_id: str) -> str:
    found = get_indicator(indicator_id)
    return found.zh if found else indicator_id


def _frozen(values: Any) -> frozenset[Any] | None:
    return None if values is None else frozenset(values)


_KEPT: KeptMap[Facets] = KeptMap(KEEP)
