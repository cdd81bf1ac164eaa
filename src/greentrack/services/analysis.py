"""The analyses over the ledger: contradictions, decomposition, ambition, roadmap, evaluation, comparisons.

The analyses are pure (greentrack.analyse); ledger/analysis builds their records from the newest version
of every plan, and `load_undecided` outlines its stored text again (greentrack.pipeline) for the tables.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.services.scope import acting, checked_place
from greentrack.services.status import ledger_status

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.analyse import (
        AmbitionRanking,
        Contradiction,
        DecompositionReport,
        JurisdictionScore,
        Timeline,
        UndecidedRow,
    )
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusRow
    from greentrack.resolve import Jurisdiction


def ledger_contradictions(ledger: Ledger, jurisdiction: str | None = None,
                          who: Principal | None = None) -> list[Contradiction]:
    """Targets of one place's plans that disagree (same indicator, year, scope), most severe first."""
    from greentrack.analyse import find_contradictions
    from greentrack.ledger.analysis import load_plans

    reader = acting(ledger, who)
    with ledger.session() as session:
        jurisdiction = checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction)
    return find_contradictions(plans.targets)


def ledger_decomposition(ledger: Ledger, parent: str | None = None,
                         who: Principal | None = None) -> DecompositionReport:
    """Weaker children, shortfalls, uncovered targets and undecided rows under `parent` (the whole ledger)."""
    from greentrack.analyse import check_decomposition
    from greentrack.ledger.analysis import load_plans

    reader = acting(ledger, who)
    with ledger.session() as session:
        parent = checked_place(session, parent, reader)
        plans = load_plans(session, parent)
        undecided = load_undecided(session, parent)
    return check_decomposition(plans.targets, undecided)


def ledger_ambition(ledger: Ledger, indicator: str, who: Principal | None = None) -> list[AmbitionRanking]:
    """Places ranked by their target on one indicator (a catalog id or name), per year, kind and scope.

    A coordinator or viewer ranks the places inside its jurisdiction only.
    """
    from greentrack.analyse import rank_ambition
    from greentrack.auth import require, sees_place
    from greentrack.ledger.analysis import catalog_indicator, load_plans

    reader = acting(ledger, who)
    require(reader, "analyse")
    chosen = catalog_indicator(indicator)
    with ledger.session() as session:
        plans = load_plans(session)
    targets = [t for t in plans.targets if sees_place(reader, t.plan.jurisdiction.code)]
    return rank_ambition(targets, chosen.id, min_jurisdictions=1)


def ledger_timeline(ledger: Ledger, jurisdiction: str, who: Principal | None = None) -> Timeline:
    """The roadmap (路线图) of a place and the places below it: every deadline of its targets and tasks."""
    from greentrack.analyse import timeline
    from greentrack.ledger.analysis import load_plans

    reader = acting(ledger, who)
    with ledger.session() as session:
        checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction, with_tasks=True)
    return timeline(plans.targets, plans.tasks)


def ledger_evaluation(ledger: Ledger, as_of: date | None = None,
                      jurisdiction: str | None = None, who: Principal | None = None) -> list[JurisdictionScore]:
    """城市体检-style scores per dimension of every place (under `jurisdiction`), from the statuses on `as_of`."""
    from greentrack.analyse import score_jurisdictions
    from greentrack.ledger.analysis import load_plans, statuses_of
    from greentrack.ledger.status import build_status

    reader = acting(ledger, who)
    with ledger.session() as session:
        jurisdiction = checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction)
        report = build_status(session, as_of or date.today(), jurisdiction)
    return score_jurisdictions(plans.targets, statuses_of(report))


@dataclass(frozen=True)
class IndicatorComparison:
    """One catalog indicator across jurisdictions: each current target on it with its status.

    `choices` lists the indicators the ledger can compare: (id, Chinese name, number of jurisdictions).
    """

    indicator_id: str | None
    indicator_name: str | None
    unit: str | None
    rows: tuple[StatusRow, ...]
    choices: tuple[tuple[str, str, int], ...]


def compare_indicator(ledger: Ledger, indicator_id: str | None = None,
                      as_of: date | None = None, who: Principal | None = None) -> IndicatorComparison:
    """The targets on one indicator by jurisdiction; without an id, the indicator set in the most places."""
    from greentrack.errors import UnknownIndicator
    from greentrack.resolve import get_indicator
    from greentrack.services.target_query import target_list_route

    if target_list_route() == "index":
        return _indexed_comparison(ledger, indicator_id, as_of or date.today(), who)
    report = ledger_status(ledger, as_of, who=who)
    places: dict[str, set[str]] = {}
    for row in report.rows:
        if row.record.indicator_id:
            places.setdefault(row.record.indicator_id, set()).add(row.record.jurisdiction_code or "")
    charted = {r.record.indicator_id for r in report.rows if r.record.target.kind != "standard"}
    ranked = sorted(places, key=lambda i: (i not in charted, -len(places[i]), i))  # a chartable one by default
    choices = tuple((i, get_indicator(i).zh if get_indicator(i) else i, len(places[i])) for i in ranked)
    chosen = indicator_id or (ranked[0] if ranked else None)
    if chosen is None:
        return IndicatorComparison(None, None, None, (), choices)
    indicator = get_indicator(chosen)
    if indicator is None:
        raise UnknownIndicator(chosen)
    rows = sorted((r for r in report.rows if r.record.indicator_id == chosen),
                  key=lambda r: (r.record.jurisdiction_name or "", r.record.target.year or 0, r.record.id))
    return IndicatorComparison(chosen, indicator.zh, indicator.unit, tuple(rows), choices)


_STANDARD: dict[tuple[str, tuple[int, int, int]], Any] = {}  # (ledger, mark) → ids of standard targets


def _indexed_comparison(ledger: Ledger, indicator_id: str | None, as_of: date,
                        who: Principal | None) -> IndicatorComparison:
    """`compare_indicator` from the target index: the choices from its columns (places per indicator), and only
    the chosen indicator's targets read and assessed (a few thousand of a national ledger's 300,000)."""
    import numpy as np
    from sqlalchemy import select

    from greentrack.errors import UnknownIndicator
    from greentrack.ledger.schema import TargetRow
    from greentrack.resolve import get_indicator
    from greentrack.services.status import target_rows
    from greentrack.services.target_query import TargetFilter, scoped_index

    with scoped_index(ledger, as_of, TargetFilter(), who) as scoped:
        index, keep = scoped.index, scoped.matching()
        kept = (ledger.url, index.columns.mark, as_of, indicator_id,
                None if scoped.places is None else frozenset(scoped.places),
                None if scoped.reader.target_ids is None else frozenset(scoped.reader.target_ids))
        with _LOCK:
            found = _COMPARISONS.get(kept)
            if found is not None:
                _COMPARISONS.move_to_end(kept)
                return found
        key = (ledger.url, index.columns.mark)
        if key not in _STANDARD:
            _STANDARD.clear()
            _STANDARD[key] = np.fromiter(scoped.session.scalars(select(TargetRow.id).where(
                TargetRow.kind == "standard")), np.int64)
        standard = np.isin(index.columns.ids, _STANDARD[key])
    held = [i for i, code in enumerate(index.indicator_ids) if code]
    known = keep & np.isin(index.indicator_id, held)
    width = max(len(index.places), 1)
    pairs = np.unique(index.indicator_id[known] * width + index.jurisdiction[known])
    counts = np.bincount(pairs // width, minlength=len(index.indicator_ids))
    charted = set(np.unique(index.indicator_id[known & ~standard]).tolist())
    numbers = [i for i in held if counts[i]]
    codes = {number: str(index.indicator_ids[number]) for number in numbers}
    ranked = sorted(numbers, key=lambda n: (n not in charted, -int(counts[n]), codes[n]))
    choices = tuple((codes[n], get_indicator(codes[n]).zh if get_indicator(codes[n]) else codes[n], int(counts[n]))
                    for n in ranked)
    chosen = indicator_id or (codes[ranked[0]] if ranked else None)
    if chosen is None:
        return _kept(kept, IndicatorComparison(None, None, None, (), choices))
    indicator = get_indicator(chosen)
    if indicator is None:
        raise UnknownIndicator(chosen)
    number = next((n for n in numbers if codes[n] == chosen), None)
    ids = [] if number is None else index.columns.ids[keep & (index.indicator_id == number)].tolist()
    found = [row for start in range(0, len(ids), 2_000) for row in target_rows(ledger, ids[start:start + 2_000], as_of)]
    rows = sorted(found, key=lambda r: (r.record.jurisdiction_name or "", r.record.target.year or 0, r.record.id))
    return _kept(kept, IndicatorComparison(chosen, indicator.zh, indicator.unit, tuple(rows), choices))


# (ledger, mark, day, indicator, places, targets) → the comparison: an indicator's few thousand rows of a national
# ledger are read and assessed once while the ledger stands still, not for every reader of the page
_COMPARISONS: OrderedDict[tuple[Any, ...], IndicatorComparison] = OrderedDict()
KEPT_COMPARISONS = 8  # a national indicator's comparison holds ~2,000 rows, some MB
_LOCK = threading.Lock()


def _kept(key: tuple[Any, ...], comparison: IndicatorComparison) -> IndicatorComparison:
    with _LOCK:
        _COMPARISONS[key] = comparison
        while len(_COMPARISONS) > KEPT_COMPARISONS:
            _COMPARISONS.popitem(last=False)
    return comparison


def comparison_rankings(comparison: IndicatorComparison) -> tuple[AmbitionRanking, ...]:
    """The analyse stage's ambition rankings of a comparison's targets (one per kind, year and scope)."""
    from greentrack.analyse import PlanInfo, PlanTarget, rank_ambition
    from greentrack.resolve import get_indicator, get_jurisdiction

    placed = []
    for row in comparison.rows:
        record = row.record
        place = get_jurisdiction(record.jurisdiction_code) if record.jurisdiction_code else None
        indicator = get_indicator(record.indicator_id) if record.indicator_id else None
        if place is None or indicator is None:
            continue
        plan = PlanInfo(record.target.doc, record.document_title, record.document_issue_date,
                        str(record.document_version), place)
        placed.append(PlanTarget(record.target, indicator.id, indicator.zh, record.canonical_value,
                                 record.canonical_unit, indicator.direction, indicator.dimension, plan))
    return tuple(rank_ambition(placed, comparison.indicator_id, min_jurisdictions=1))


def load_undecided(session: Session, jurisdiction: str | None = None) -> list[UndecidedRow]:
    """Table rows of the current plans that defer to the level above (完成市分解任务) instead of giving a number.

    The ledger keeps each plan's normalised text, not its tables; the outline is rebuilt from that text,
    which is what it was built from at ingest, so the rows and their spans are the same.
    """
    from greentrack.analyse import undecided_rows
    from greentrack.ledger import repository
    from greentrack.ledger.analysis import document_plan, place_of
    from greentrack.pipeline.steps import outline_text

    found: list[UndecidedRow] = []
    cache: dict[str, Jurisdiction | None] = {}
    for document in repository.documents.current_documents(session, jurisdiction):
        place = place_of(document.jurisdiction_code, cache)
        if place is None:
            continue
        text = repository.documents.document_text(session, document.id)
        found.extend(undecided_rows(outline_text(document.name, text), document_plan(document, place)))
    return found
