"""The analyses read the same records from the ledger as from the files: every stored target becomes the
PlanTarget the pipeline builds (its id the ledger's), the contradictions and 完成市分解任务 rows found are the
same, tasks carry their canonical departments, and only the newest version of a plan is analysed — on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from greentrack.analyse import (
    PlanTarget,
    find_contradictions,
    plan_info,
    plan_targets,
    score_jurisdictions,
    undecided_rows,
)
from greentrack.errors import UnknownIndicator, UnknownJurisdiction
from greentrack.ledger import repository
from greentrack.ledger.analysis import catalog_indicator, ledger_jurisdiction, load_plans, statuses_of
from greentrack.ledger.db import Ledger
from greentrack.ledger.ingest import NEW_VERSION
from greentrack.ledger.status import build_status
from greentrack.pipeline.records import ExtractedPlan
from greentrack.pipeline.steps import extract_plan
from greentrack.services.analysis import load_undecided
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_file

JINXIANG = "370828"


@pytest.fixture(scope="module")
def extracted() -> list[ExtractedPlan]:
    return [extract_plan(path, with_tasks=True) for path in sample_paths()]


def _comparable(item: PlanTarget) -> tuple:
    """Everything of a PlanTarget but the target's id (the ledger's id, or the extraction key)."""
    return (dataclasses.replace(item.target, id=""), item.indicator_id, item.indicator_name, item.value, item.unit,
            item.direction, item.dimension, item.plan)


def test_stored_targets_are_the_pipelines_plan_targets(seeded: Ledger, extracted: list[ExtractedPlan]) -> None:
    expected = [t for p in extracted for t in plan_targets(p.document, p.outline, p.targets)]
    with seeded.session() as session:
        plans = load_plans(session)
        ids = [r.id for r in repository.documents.current_targets(session)]
    assert plans.unplaced == 0
    assert [_comparable(t) for t in plans.targets] == [_comparable(t) for t in expected]
    assert [t.id for t in plans.targets] == [str(i) for i in ids]


def test_the_contradictions_are_the_same_from_either_source(seeded: Ledger, extracted: list[ExtractedPlan]) -> None:
    from_files = find_contradictions([t for p in extracted for t in plan_targets(p.document, p.outline, p.targets)])
    with seeded.session() as session:
        from_ledger = find_contradictions(load_plans(session, "金乡县").targets)

    def summary(found: list) -> list[tuple]:
        return [(c.kind, c.severity, c.indicator_id, c.year, c.first.target.quote, c.second.target.quote,
                 c.explanation) for c in found]

    assert len(from_ledger) == 6
    assert summary(from_ledger) == summary(from_files)
    assert all(c.first.id.isdigit() and c.second.id.isdigit() for c in from_ledger)


def test_undecided_rows_from_the_stored_text(seeded: Ledger, extracted: list[ExtractedPlan]) -> None:
    expected = [row for p in extracted for row in undecided_rows(p.outline, plan_info(p.document, p.outline))]
    with seeded.session() as session:
        stored = load_undecided(session)
    assert len(stored) == len(expected) == 4
    assert [(r.plan.doc, r.row, r.indicator, r.year, r.phrase, r.start, r.end) for r in stored] == [
        (r.plan.doc, r.row, r.indicator, r.year, r.phrase, r.start, r.end) for r in expected]


def test_statuses_pair_with_the_targets_by_ledger_id(seeded: Ledger) -> None:
    with seeded.session() as session:
        plans = load_plans(session)
        statuses = statuses_of(build_status(session, date(2025, 6, 30)))
    assert set(statuses) == {t.id for t in plans.targets}
    scores = score_jurisdictions(plans.targets, statuses)
    assert {s.code for s in scores} == {JINXIANG, "620000", "140829", "150400"}
    assert all(s.with_data == 0 for s in scores), "no observation stored: every target is no_data"


def test_tasks_with_their_canonical_departments(seeded: Ledger, extracted: list[ExtractedPlan]) -> None:
    with seeded.session() as session:
        plans = load_plans(session, with_tasks=True)
        every = repository.documents.current_tasks(session)
        records = repository.documents.current_tasks(session, "金乡县")
    assert [t.task.text for t in plans.tasks] == [task.text for p in extracted for task in p.tasks]
    assert [t.id for t in plans.tasks] == [str(r.id) for r in every]
    assert {r.jurisdiction_code for r in records} == {JINXIANG} and len(records) == 12
    assert any("金乡县住房和城乡建设局" in r.lead_departments for r in records)
    assert all(set(r.lead_departments) <= set(r.departments) for r in records)


def test_a_place_is_named_by_name_or_code_and_must_be_held(seeded: Ledger) -> None:
    with seeded.session() as session:
        assert ledger_jurisdiction(session, "金乡").code == JINXIANG
        assert ledger_jurisdiction(session, JINXIANG).name == "金乡县"
        assert {t.jurisdiction.code for t in load_plans(session, "山东省").targets} == {JINXIANG}
        with pytest.raises(UnknownJurisdiction, match="no plan in the ledger belongs to jurisdiction '嘉祥县'"):
            ledger_jurisdiction(session, "嘉祥县")
    assert catalog_indicator("再生水利用率").id == "reclaimed_water_utilisation_rate"
    with pytest.raises(UnknownIndicator):
        catalog_indicator("日照时数")


def test_only_the_newest_version_of_a_plan_is_analysed(ledger: Ledger, tmp_path: Path) -> None:
    original = sample_paths()[1]  # 金乡县“十四五”绿色低碳循环发展规划: 公共领域充换电站180座
    text = original.read_text(encoding="utf-8")
    assert text.count("建成公共领域充换电站180座") == 1
    revised = tmp_path / "v2" / original.name
    revised.parent.mkdir()
    revised.write_text(text.replace("建成公共领域充换电站180座", "建成公共领域充换电站100座"), encoding="utf-8")
    for path in (sample_paths()[0], original):
        ingest_file(ledger, path)
    with ledger.session() as session:
        before = find_contradictions(load_plans(session).targets)
    assert ingest_file(ledger, revised).status == NEW_VERSION
    with ledger.session() as session:
        after = find_contradictions(load_plans(session).targets)
        undecided = load_undecided(session)
    stations = [(c.kind, c.second.target.quote) for c in before + after if c.indicator_id == "charging_stations"]
    assert stations == [("part_exceeds_whole", "建成公共领域充换电站180座"),
                        ("scope_differs", "建成公共领域充换电站100座")]
    assert not any("180座" in c.second.target.quote or "180座" in c.first.target.quote for c in after)
    assert len(undecided) == 4, "the old version's table rows are not counted again"
