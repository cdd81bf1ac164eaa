"""The 中期评估报告's content: on the demo ledger it counts every target of the place once, finds the two 金乡县
plans' contradictions and its 完成市分解任务 rows, and lists each warned target on its departments'
supervision lists; built from made-up plans it keeps the decomposition findings that concern the place
(above or below it) and drops the others; laid out, the sections come in the order of a 中期评估报告.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyse.helpers import placed, plan, target
from greentrack.errors import UnknownJurisdiction, UsageError
from greentrack.ledger.db import Ledger
from greentrack.ledger.status import StatusReport
from greentrack.reports.layout import Annex, FigureBlock, Heading, Paragraph, layout
from greentrack.reports.midterm import build_midterm, decomposition_of
from greentrack.resolve import get_jurisdiction
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import midterm_report, report_bytes
from greentrack.services.status import ledger_status

from .conftest import AS_OF

JINING, JINXIANG, JIAXIANG, CHIFENG = "370800", "370828", "370829", "150400"


@pytest.fixture(scope="module")
def jinxiang(demo_db: Path):
    ledger = open_ledger(db=demo_db)
    try:
        return midterm_report(ledger, "金乡县", AS_OF)
    finally:
        ledger.close()


def test_every_target_of_the_place_counts_once(jinxiang, demo: Ledger) -> None:
    status = ledger_status(demo, AS_OF, "金乡县")
    assert [r.record.id for r in jinxiang.status.rows] == [r.record.id for r in status.rows]
    assert sum(jinxiang.tally().values()) == len(status.rows) == 91
    assert [p.name[:3] for p in jinxiang.plans] == ["000", "001"]
    assert jinxiang.illustrative and jinxiang.as_of == AS_OF


def test_the_two_plans_disagree_where_the_pipeline_says(jinxiang) -> None:
    assert [(c.indicator_id, c.kind) for c in jinxiang.contradictions] == [
        ("charging_stations", "part_exceeds_whole"), ("green_building_area_added", "amount"),
        ("green_building_area_added", "amount"), ("green_space_rate", "later_weaker"),
        ("reclaimed_water_utilisation_rate", "later_weaker"), ("charging_piles", "scope_differs")]


def test_rows_awaiting_the_citys_number_are_reported(jinxiang) -> None:
    undecided = jinxiang.decomposition.undecided
    assert [(r.indicator, r.year, r.phrase) for r in undecided] == [
        ("单位地区生产总值能耗降低(%)", 2025, "完成市分解任务"),
        ("单位GDP建设用地面积下降率(%)", 2025, "完成市分解任务"),
        ("地表水达到或好于Ⅲ类水体比例(%)", 2025, "完成市分解任务"),
        ("单位地区生产总值二氧化碳排放降低(%)", 2025, "完成市分解任务")]
    assert all(r.handed_down == () for r in undecided), "no plan of 济宁市 or 山东省 is in the demo ledger"


def test_each_warned_target_is_on_its_departments_lists(jinxiang) -> None:
    assert jinxiang.warnings and jinxiang.dockets
    for warning in jinxiang.warnings:
        answering = set(warning.lead_departments) | set(warning.departments) or {"未明确责任单位"}
        listed = {d.department for d in jinxiang.dockets if any(i.warning is warning for i in d.items)}
        assert listed == answering, warning.indicator


def test_scores_are_the_places_own(jinxiang) -> None:
    assert [s.code for s in jinxiang.scores] == [JINXIANG]
    own = jinxiang.own_score
    # 62.9: one target reached after its deadline (逾期完成, 80), two read their baseline and period
    assert own is not None and own.overall == 62.9 and own.targets == 90


def test_an_unknown_place_and_an_unknown_format_are_refused(demo: Ledger) -> None:
    with pytest.raises(UnknownJurisdiction, match="no plan in the ledger belongs to jurisdiction '嘉祥县'"):
        midterm_report(demo, "嘉祥县", AS_OF)
    above = midterm_report(demo, "济宁市", AS_OF)  # a place above one with plans covers it
    assert {r.record.jurisdiction_name for r in above.status.rows} == {"金乡县"} and len(above.contradictions) == 6
    with pytest.raises(UsageError, match="unknown report format 'odt' — use one of docx, pdf, html"):
        report_bytes(demo, "金乡县", "odt")
    with pytest.raises(UsageError, match="unknown report language 'fr' — use one of zh, en"):
        report_bytes(demo, "金乡县", "html", lang="fr")


def test_decomposition_keeps_the_findings_that_concern_the_place() -> None:
    jining = placed(plan(JINING, "jining.txt"), target("建成区绿地率", 40, "%"))
    jinxiang = placed(plan(JINXIANG, "jinxiang.txt"), target("建成区绿地率", 38, "%"))
    jiaxiang = placed(plan(JIAXIANG, "jiaxiang.txt"), target("建成区绿地率", 36, "%"))
    chifeng = placed(plan(CHIFENG, "chifeng.txt"), target("建成区绿地率", 41, "%"))
    everything = [*jining, *jinxiang, *jiaxiang, *chifeng]
    for code, children in ((JINXIANG, ["金乡县"]), (JINING, ["金乡县", "嘉祥县"]), (CHIFENG, [])):
        place = get_jurisdiction(code)
        assert place is not None
        found = decomposition_of(place, everything, ())
        assert [w.child.jurisdiction.name for w in found.weaker] == children, code


def test_a_place_without_targets_still_has_a_report(cjk_font: Path) -> None:
    place = get_jurisdiction(JIAXIANG)
    assert place is not None
    report = build_midterm(place, StatusReport(AS_OF, ()), (), [], [], {})
    document = layout(report)
    assert document.title == "关于嘉祥县绿色发展规划实施中期评估情况的报告" and document.warning is None
    texts = [b.text for b in document.blocks if isinstance(b, (Heading, Paragraph))]
    assert "尚无可评分的目标（均无监测数据或仅有一期数据）。" in texts
    assert "当前没有需要督办的目标。" in texts and "规划中没有写明完成时限的任务。" in texts


def test_sections_come_in_the_order_of_the_report(jinxiang, cjk_font: Path) -> None:
    document = layout(jinxiang)
    top = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert top == ["一、基本情况", "二、主要进展成效", "三、存在问题及原因", "四、下步工作打算"]
    annexes = [(b.label, b.title) for b in document.blocks if isinstance(b, Annex)]
    assert annexes == [("附件1", "指标完成情况表"), ("附件2", "任务完成情况表"), ("附件3", "部门职责分工表"),
                       ("附件4", "督办清单")]
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds.index("Signature") < kinds.index("Annex"), "the 落款 closes the body, before the annexes"
    assert sum(isinstance(b, FigureBlock) for b in document.blocks) == 1  # the dimension chart, in 二
    english = layout(jinxiang, "en")
    headings = [b.text for b in english.blocks if isinstance(b, Heading)]
    assert headings == ["1. Overview", "2. Progress and results", "3. Problems and their causes", "4. Next steps"]
    assert english.warning is not None and english.warning.startswith("Some figures in this report are 示例数据")
