"""Rejected targets leave both paths alike: the bulk status columns (the target index's) and the per-target status
report hold the same rows once a person has rejected targets — one with values filed for it itself, one whose
indicator has values, one without — and lists, summaries and the overview through the index equal those through
the report; confirming one again brings it back into both. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from greentrack.auth import ADMINISTRATOR, Principal
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.scale.status import status_columns
from greentrack.services import status as status_service
from greentrack.services.review_targets import confirm_target, reject_target
from greentrack.services.status import ledger_status
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets

from .test_scale_status import AS_OF, _same, demo  # noqa: F401  (the fixture: seeds, 示例数据, awkward values)

ADMIN = Principal("审核人", ADMINISTRATOR)


def _chosen(ledger: Ledger) -> list[int]:
    """A target with values of its own, one whose indicator has values, and one with no value at all."""
    with ledger.session() as session:
        records = repository.documents.current_targets(session)
        observed = repository.observations.observations_for(session, records)
    own = next(r.id for r in records if any(o.target_id == r.id for o in observed[r.id]))
    keyed = next(r.id for r in records if r.indicator_id and observed[r.id] and r.id != own)
    bare = next(r.id for r in records if not observed[r.id])
    return [own, keyed, bare]


def _lists(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    found = {}
    for route in ("report", "index"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        pages = [list_targets(ledger, chosen, sort, False, 1000, 0, AS_OF)
                 for chosen in (TargetFilter(), TargetFilter(jurisdiction="金乡县"), TargetFilter(status="no_data"))
                 for sort in ("id", "progress")]
        summary = status_service.status_summary(ledger, AS_OF)
        overview = status_service.overview(ledger, AS_OF)
        found[route] = ([(p.total, [r.record.id for r in p.rows]) for p in pages],
                        (summary.total, summary.counts, summary.by_department, summary.by_jurisdiction),
                        ([w.target_id for w in overview.warnings], overview.warned,
                         [r.record.id for r in overview.upcoming]))
    return found


def test_rejected_targets_leave_the_index_and_the_report_alike(demo: Ledger,  # noqa: F811
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = _chosen(demo)
    before = {r.record.id for r in ledger_status(demo, AS_OF).rows}
    _lists(demo, monkeypatch)  # indexes built before the rejections: the rejections must move them
    for target_id in chosen:
        reject_target(demo, target_id, "不是目标", ADMIN)
    report = ledger_status(demo, AS_OF)
    assert {r.record.id for r in report.rows} == before - set(chosen)
    for slice_size in (7, 50_000):
        with demo.session() as session:
            _same(report.rows, status_columns(session, AS_OF, slice_size=slice_size))
    found = _lists(demo, monkeypatch)
    assert found["index"] == found["report"]
    listed = {i for _, ids in found["index"][0] for i in ids}
    assert not listed & set(chosen)
    confirm_target(demo, chosen[0], ADMIN)
    found = _lists(demo, monkeypatch)
    assert found["index"] == found["report"]
    assert chosen[0] in {i for _, ids in found["index"][0] for i in ids}
