"""The level blocks of the 中期评估报告: a city's or province's report ranks the places below it by their overall score
(ties share a rank, unscored last) with a table per place and the decomposition findings in brief; a county's has
none; 年度对比 sets the last kept evaluation's scores beside this one's with the change, and counts the targets whose
status improved or worsened, worst first. The demo ledger's 济宁市 report holds 金乡县 ranked, in HTML too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from analyse.helpers import place, placed, plan, target
from greentrack.ledger.db import Ledger
from greentrack.ledger.status import StatusReport
from greentrack.reports.layout import Heading, Paragraph, TableBlock, layout
from greentrack.reports.layout_levels import comparison_blocks, evaluation_of, subordinate_blocks
from greentrack.reports.midterm import EvaluationSnapshot, MidtermReport, build_midterm
from greentrack.services.reports import midterm_report, report_bytes

from .conftest import AS_OF

JINING, JINXIANG, JIAXIANG, WENSHANG, RENCHENG = "370800", "370828", "370829", "370830", "370811"


def texts(blocks: list) -> list[str]:
    return [b.text for b in blocks if isinstance(b, (Heading, Paragraph))]


def tables(blocks: list) -> list[TableBlock]:
    return [b for b in blocks if isinstance(b, TableBlock)]


@pytest.fixture(scope="module")
def city() -> MidtermReport:
    """济宁市 with a target of its own and four counties: 嘉祥县 95, 金乡县 and 汶上县 80 (a tie), 任城区 no data."""
    jining = placed(plan(JINING), target("建成区绿地率", 40, "%"))
    jinxiang = placed(plan(JINXIANG), target("建成区绿地率", 38, "%"))
    jiaxiang = placed(plan(JIAXIANG), target("建成区绿地率", 41, "%"))
    wenshang = placed(plan(WENSHANG), target("建成区绿地率", 42, "%"))
    rencheng = placed(plan(RENCHENG), target("建成区绿地率", 43, "%"))
    statuses = {jining[0].id: "achieved", jinxiang[0].id: "lagging", jiaxiang[0].id: "on_track",
                wenshang[0].id: "lagging", rencheng[0].id: "no_data"}
    everything = [*jining, *jinxiang, *jiaxiang, *wenshang, *rencheng]
    return build_midterm(place(JINING), StatusReport(AS_OF, ()), (), everything, [], statuses)


def test_places_below_are_ranked_by_their_overall_score(city: MidtermReport) -> None:
    blocks = subordinate_blocks(city)
    assert texts(blocks)[:2] == ["各地区评估情况", "济宁市下辖4个地区纳入评估，按综合得分排名如下（得分相同并列）。"]
    ranking = tables(blocks)[0]
    assert ranking.caption == "各地区综合得分排名"
    assert ranking.header == ("排名", "地区", "综合得分", "生态宜居", "已完成", "滞后")
    assert ranking.rows == (("1", "嘉祥县", "95.0", "95.0", "0", "0"), ("2", "金乡县", "80.0", "80.0", "0", "0"),
                            ("2", "汶上县", "80.0", "80.0", "0", "0"), ("—", "任城区", "—", "—", "0", "0"))
    assert [b.text for b in blocks if isinstance(b, Heading) and b.level == 2] == [
        "（一）嘉祥县（综合得分95.0，第1名）", "（二）金乡县（综合得分80.0，第2名）",
        "（三）汶上县（综合得分80.0，第2名）", "（四）任城区（综合得分—，未排名）"]
    english = subordinate_blocks(city, "en")
    assert [b.text for b in english if isinstance(b, Heading)][:3] == [
        "Places below 各地区评估情况", "嘉祥县 (overall 95.0, rank 1)", "金乡县 (overall 80.0, rank 2)"]
    assert tables(english)[0].header[:3] == ("Rank", "Place", "Overall")


def test_the_decomposition_findings_are_summarised(city: MidtermReport) -> None:
    lines = texts(subordinate_blocks(city))
    assert lines[-2:] == ["目标分解落实方面：下级目标低于上级1项，下级合计不足上级0项，上级目标未被下级承接0项。",
                          "下级目标低于上级的地区：金乡县1项。"]  # 38% under 济宁市's 40%


def test_a_county_with_nothing_below_has_no_such_blocks() -> None:
    items = placed(plan(JINXIANG), target("建成区绿地率", 38, "%"))
    county = build_midterm(place(JINXIANG), StatusReport(AS_OF, ()), (), items, [], {items[0].id: "lagging"})
    assert subordinate_blocks(county) == [] and comparison_blocks(county) == []


def test_a_city_without_targets_of_its_own_is_evaluated_on_all_it_covers(city: MidtermReport) -> None:
    without = replace(city, scores=tuple(s for s in city.scores if s.code != JINING))
    pooled = evaluation_of(without)
    assert pooled is not None and (pooled.code, pooled.overall, pooled.targets) == (JINING, 85.0, 4)  # (95+80+80)/3
    own = evaluation_of(city)
    assert own is not None and (own.code, own.overall) == (JINING, 100.0)


@pytest.fixture(scope="module")
def jinxiang(demo_db: Path) -> MidtermReport:
    from greentrack.services.ledger import open_ledger

    ledger = open_ledger(db=demo_db)
    try:
        return midterm_report(ledger, "金乡县", AS_OF)
    finally:
        ledger.close()


def with_previous(report: MidtermReport) -> MidtermReport:
    """The report with a made-up evaluation of 2024年12月31日: one target better now, one worse, one the same, one
    from no data, and the rest new; 生态宜居 scored 60 then, 交通便捷 50, 健康舒适 not scored."""
    rows = {r.assessment.status: r for r in report.status.rows}
    achieved, lagging, on_track, overdue = (rows[s].record.id for s in ("achieved", "lagging", "on_track", "overdue"))
    statuses = {achieved: "off_track", lagging: "achieved", on_track: "on_track", overdue: "no_data"}
    then = EvaluationSnapshot(date(2024, 12, 31), 70.0, {"生态宜居": 60.0, "交通便捷": 50.0}, statuses)
    return replace(report, previous=then)


def test_the_comparison_sets_then_beside_now(jinxiang: MidtermReport) -> None:
    blocks = comparison_blocks(with_previous(jinxiang))
    assert texts(blocks)[:2] == ["年度对比", "上次评估：2024年12月31日；本次评估：2025年6月30日。"]
    scores = tables(blocks)[0]
    assert scores.header == ("项目", "上次", "本次", "变化")
    assert scores.rows[:4] == (("综合得分", "70.0", "62.9", "↓7.1"), ("生态宜居", "60.0", "70.0", "↑10.0"),
                               ("健康舒适", "—", "0.0", "—"), ("交通便捷", "50.0", "40.0", "↓10.0"))
    assert texts(blocks)[2] == ("与上次评估相比，4项目标两次均有评估：状态好转1项，变差1项，未变1项，其他变化1项；"
                                "本次新增87项。")
    changed = tables(blocks)[1]
    assert [(row[2], row[3], row[4]) for row in changed.rows] == [("已完成", "进度滞后", "↓变差"),
                                                                  ("严重滞后", "已完成", "↑好转")]
    assert changed.statuses == ("lagging", "achieved") and changed.rows[0][1].startswith("金乡县·")


def test_the_comparison_in_english_and_without_a_previous_evaluation(jinxiang: MidtermReport) -> None:
    assert comparison_blocks(jinxiang) == []
    english = comparison_blocks(with_previous(jinxiang), "en")
    assert texts(english)[:2] == ["Comparison with the last evaluation 年度对比",
                                  "Last evaluation: 2024-12-31; this one: 2025-06-30."]
    assert tables(english)[0].rows[0] == ("Overall", "70.0", "62.9", "↓7.1")


def test_statuses_kept_as_json_text_keys_still_compare(jinxiang: MidtermReport) -> None:
    report = with_previous(jinxiang)
    assert report.previous is not None
    as_text = replace(report.previous, statuses={str(k): v for k, v in report.previous.statuses.items()})
    assert comparison_blocks(replace(report, previous=as_text)) == comparison_blocks(report)


@pytest.fixture(scope="module")
def jining(demo_db: Path) -> MidtermReport:
    from greentrack.services.ledger import open_ledger

    ledger = open_ledger(db=demo_db)
    try:
        return midterm_report(ledger, "济宁市", AS_OF)
    finally:
        ledger.close()


def test_the_city_report_of_the_demo_ledger_ranks_its_county(jining: MidtermReport, cjk_font: Path) -> None:
    document = layout(jining)
    top = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert top[:2] == ["一、基本情况", "各地区评估情况"]  # the places below come inside 一、基本情况
    assert "（一）金乡县（综合得分62.9，第1名）" in texts(list(document.blocks))
    captions = {t.caption: t for t in tables(list(document.blocks))}
    assert captions["各地区综合得分排名"].rows[0][:3] == ("1", "金乡县", "62.9")
    assert captions["各地区综合得分排名"].rows[0][-2:] == ("5", "18")  # done, behind: as the county's own tally
    assert captions["金乡县目标状态"].rows == (("91", "5", "1", "5", "8", "6", "1", "3", "62"),)
    lagging = captions["金乡县最滞后的目标（至多5项）"]
    assert len(lagging.rows) == 5 and lagging.statuses[:3] == ("overdue",) * 3 and lagging.statuses[3] == "regressing"


def test_the_province_report_in_html(demo: Ledger, cjk_font: Path) -> None:
    html = report_bytes(demo, "山东省", "html", as_of=AS_OF).decode("utf-8")
    assert "各地区评估情况" in html and "各地区综合得分排名" in html and "金乡县最滞后的目标（至多5项）" in html
