"""The target index's own parts: the ledger mark in one statement equals the repository's, a page served
from the kept ordered matches equals the page computed afresh (every filter, sort and window), and the
kept matches stay within their byte budget."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import load_observations
from greentrack.scale import index as index_module
from greentrack.scale.index import TargetIndex, ledger_mark, target_index
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.targets import TARGET_SORTS

AS_OF = dt.date(2025, 6, 30)


def _demo(ledger: Ledger) -> Ledger:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
    return ledger


def test_the_mark_in_one_statement_is_the_repositorys(ledger: Ledger) -> None:
    with ledger.session() as session:
        assert ledger_mark(session) == repository.bulk.ledger_mark(session) == (0, 0, 0)
    _demo(ledger)
    with ledger.session() as session:
        assert ledger_mark(session) == repository.bulk.ledger_mark(session) != (0, 0, 0)


def test_kept_matches_give_the_pages_computed_afresh(ledger: Ledger) -> None:
    _demo(ledger)
    with ledger.session() as session:
        index = target_index(session, ledger.url, AS_OF)
        county = repository.places.find_jurisdiction_code(session, "金乡县")
    some = set(index.columns.ids[::3].tolist())
    queries = [{}, {"status": "no_data"}, {"year": 2025}, {"dimension": "绿色低碳"}, {"indicator": "污水"},
               {"places": index.codes_under(county)}, {"target_ids": some}]
    for query, sort, descending, (limit, offset) in itertools.product(
            queries, TARGET_SORTS, (False, True), ((50, 0), (7, 3), (1000, 0), (5, 10_000))):
        kept = index.page(sort=sort, descending=descending, limit=limit, offset=offset, **query)
        again = index.page(sort=sort, descending=descending, limit=limit, offset=offset, **query)
        rows = np.isin(index.columns.ids, list(some))  # an unnamed row mask: never kept, computed each time
        fresh = TargetIndex.page(index, sort=sort, descending=descending, limit=limit, offset=offset,
                                 rows=rows | ~rows, **query)
        assert kept == again == fresh, (query, sort, descending, limit, offset)


def test_kept_matches_stay_within_their_budget(ledger: Ledger) -> None:
    _demo(ledger)
    with ledger.session() as session:
        index = target_index(session, ledger.url, AS_OF)
    budget = index.columns.ids.nbytes  # room for about two queries' matches (int32 rows)
    index._matches = index_module._Matches(budget)
    for year in range(2015, 2036):
        index.page(year=year)
        index.page()
    assert index._matches._bytes <= budget or len(index._matches._held) == 1
