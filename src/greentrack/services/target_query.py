"""What a list of targets asks for, and the target index (greentrack.scale.index) scoped to it and its reader.

The lists, the status summary, the overview and the CLI's status table all go through `scoped_index`
when the setting target_list is `index`, so that each is checked as the per-target report checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack import config
from greentrack.services.scope import acting, check_place_query

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.scale.index import TargetIndex


@dataclass(frozen=True)
class TargetFilter:
    """What a list of targets is narrowed to; `indicator` is a catalog id or words of the indicator as written."""

    jurisdiction: str | None = None
    department: str | None = None
    indicator: str | None = None
    dimension: str | None = None
    status: str | None = None
    year: int | None = None


def target_list_route() -> str:
    """The setting target_list: `index` (lists through the target index) or `report` (the per-target report)."""
    from greentrack.errors import ConfigError

    route = str(config.get("target_list")).strip()
    if route not in ("index", "report"):
        raise ConfigError(f"setting target_list is {route!r} — use index or report")
    return route


@dataclass(frozen=True)
class IndexedPage:
    """The ids of one page of a target list, how many matched, and the ledger mark the index was built at."""

    ids: list[int]
    total: int
    illustrative: bool
    mark: tuple[int, int, int]


def indexed_page(ledger: Ledger, chosen: TargetFilter, sort: str, descending: bool, limit: int, offset: int,
                 as_of: date, who: Principal | None) -> IndexedPage:
    """The ids of one page of `list_targets` (index route), checked as it checks; no target is read."""
    with scoped_index(ledger, as_of, chosen, who) as scoped:
        index = scoped.index
        page = index.page(chosen.status, chosen.year, chosen.dimension, chosen.indicator, scoped.places,
                          scoped.reader.target_ids, scoped.departments, sort, descending, limit, offset,
                          scoped.department_key)
    return IndexedPage(page.ids, page.total, page.illustrative, index.columns.mark)


@dataclass(frozen=True)
class ScopedIndex:
    """The target index on a date, and what a query and its reader limit it to (None: all)."""

    session: Session
    index: TargetIndex
    reader: Principal
    places: set[str] | None
    departments: Any
    department_key: str | None

    def matching(self, chosen: TargetFilter | None = None) -> Any:
        """The mask of the index's rows the query and its reader keep; with `chosen`, also its status, year,
        dimension and indicator (the place and department are in the scope already)."""
        keep = self.index.matching(self.places, self.reader.target_ids, self.departments)
        if chosen is not None and (chosen.status or chosen.year is not None or chosen.dimension or chosen.indicator):
            keep = keep & self.index.matching(status=chosen.status, year=chosen.year, dimension=chosen.dimension,
                                              indicator=chosen.indicator)
        return keep


@contextmanager
def scoped_index(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None,
                  ) -> Iterator[ScopedIndex]:
    """The index for `as_of`, checked as the per-target report checks (read access, the queried place)."""
    from greentrack.auth import require
    from greentrack.scale.index import target_index

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        check_place_query(session, reader, chosen.jurisdiction)
        index = target_index(session, ledger.url, as_of)
        yield ScopedIndex(session, index, reader, *index_scope(session, index, reader, chosen))


def index_scope(session: Session, index: TargetIndex, reader: Principal, chosen: TargetFilter,
                 ) -> tuple[set[str] | None, Any, str | None]:
    """The places, department rows (and their cache key) a query and its reader limit the index to (None: all)."""
    from greentrack.ledger import repository

    places: set[str] | None = None
    if chosen.jurisdiction:
        code = index.place_code(chosen.jurisdiction,
                                lambda text: repository.places.find_jurisdiction_code(session, text))
        places = index.codes_under(code) if code else set()
    departments, department_key = None, None
    if chosen.department:
        department_key = chosen.department.strip()
        stored = repository.departments
        departments = index.department_rows(chosen.department, lambda text: stored.target_ids_of_departments(
            session, [d.id for d in stored.find_departments(session, text)]))
    if reader.places is not None and reader.target_ids is None:  # what the reader may see (visible_report)
        places = set(reader.places) if places is None else places & set(reader.places)
    return places, departments, department_key
