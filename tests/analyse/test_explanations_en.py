"""Every explanation the analyses write exists in English too, with the same figures as the Chinese one; the
English keeps only the ledger's own Chinese (plan titles, place and indicator names, units, scope words)."""

from __future__ import annotations

import re

from greentrack.analyse import Contradiction, check_decomposition, find_contradictions, rank_ambition, timeline
from greentrack.reports.cells import target_text

from .helpers import placed, plan, target

JINING, JINXIANG, JIAXIANG = "370800", "370828", "370829"
CJK = re.compile(r"[\u3400-\u9fff]+")


def leftover(text: str, *kept: str) -> set[str]:
    """The CJK runs of an English text outside plan titles 《》, indicator names 「」, quotes “” and `kept`."""
    text = re.sub(r"《[^》]*》|「[^」]*」|“[^”]*”", "", text)
    for value in kept:
        text = text.replace(value, "")
    return set(CJK.findall(text))


def one(found: list[Contradiction]) -> Contradiction:
    assert len(found) == 1, [c.explanation for c in found]
    return found[0]


def test_two_levels_for_one_year_in_english() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("建成区绿地率", 38, "%"))
    b = placed(plan(JINXIANG, "b.txt"), target("城市建成区绿地率", 40, "%", aspirational=True))
    found = one(find_contradictions(a + b))
    assert found.explanation.endswith("更严格的是《金乡县b方案》的≥40%（力争）。")  # the Chinese as it was
    assert (found.kind_en, found.severity_en) == ("different ambition", "medium")
    assert found.explanation_en == (
        "For the same year (2025) and scope, 《金乡县a方案》 sets ≥38% and 《金乡县b方案》 sets ≥40% "
        "(aspirational 力争): both can be met, but the commitments differ. The stricter one is 《金乡县b方案》: ≥40% "
        "(aspirational 力争).")


def test_bounds_no_value_meets_in_english() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("PM2.5年均浓度", 30, "微克/立方米", comparator="<="))
    b = placed(plan(JINXIANG, "b.txt"), target("PM2.5年均浓度", 35, "微克/立方米", comparator="="))
    found = one(find_contradictions(a + b))
    assert found.kind_en == "incompatible values"
    assert found.explanation_en.endswith("sets ≤30微克/立方米 and 《金乡县b方案》 sets 35微克/立方米: "
                                         "no value can meet both.")


def test_two_changes_in_english() -> None:
    cut = {"kind": "change", "comparator": "=", "reference_year": 2020}
    a = placed(plan(JINXIANG, "a.txt"), target("单位GDP能耗", -15, "%", **cut))
    b = placed(plan(JINXIANG, "b.txt"), target("单位GDP能耗", -13, "%", **cut))
    found = one(find_contradictions(a + b))
    assert found.explanation_en == (
        "Both are changes in 2025 from 2020: 《金乡县a方案》 sets down 15% from 2020, 《金乡县b方案》 sets down 13% "
        "from 2020 — the commitments differ. The stricter one is 《金乡县a方案》: down 15% from 2020.")


def test_amounts_in_english() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 1600, "个", kind="cumulative", comparator="=",
                                                quote="2021至2025年要建成充电桩1600个"))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 1500, "个", kind="cumulative", comparator="=",
                                                quote="到2025年再建充电桩1500个"))
    found = one(find_contradictions(a + b))
    assert found.kind_en == "different amounts"
    assert found.explanation_en == (
        "The amounts added by 2025 disagree: 《金乡县a方案》 adds 1600个 over 2021–2025; 《金乡县b方案》 adds 1500个 "
        "over the years up to 2025 (start year not written). If the one without a start year covers the same period "
        "as the other, they contradict each other. The stricter one is 《金乡县a方案》: 1600个 added.")


def test_a_part_of_the_period_adding_more_in_english() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 900, "个", year=2023, kind="cumulative", comparator="=",
                                                quote="2021—2023年建成充电桩900个"))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 800, "个", kind="cumulative", comparator="=",
                                                quote="2021—2025年建成充电桩800个"))
    found = one(find_contradictions(a + b))
    assert found.explanation_en == ("2021–2023 is part of 2021–2025, yet 《金乡县a方案》 adds 900个 in it, more than "
                                    "《金乡县b方案》 adds over the whole period (800个).")


def test_a_later_weaker_level_in_one_plan_in_english() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("建成区绿地率", 40, "%", year=2023),
               target("建成区绿地率", 38, "%", year=2025))
    found = one(find_contradictions(a))
    assert found.explanation_en.startswith("One place in 《金乡县a方案》 sets ≥40% by 2023, but another place only "
                                           "sets ≥38% by the later year 2025: for this indicator higher is better")


def test_scopes_in_english() -> None:
    county = {"kind": "cumulative", "comparator": "="}
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 1000, "个", scope="全县", **county))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 1200, "个", scope="城区", **county))
    found = one(find_contradictions(a + b))
    assert found.explanation_en == ("《金乡县b方案》 asks for 1200个 in 城区 alone, more than 《金乡县a方案》's "
                                    "1000个 for the whole place: a part should not count more than the whole.")
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 1600, "个", **county))
    b = placed(plan(JINXIANG, "b.txt"), target("公共充电桩", 1500, "个", **county))
    found = one(find_contradictions(a + b))
    assert found.kind_en == "different scopes"
    assert found.explanation_en.startswith("The two plans state this indicator with different scopes and numbers: "
                                           "《金乡县a方案》 1600个 (the whole place), 《金乡县b方案》 1500个 "
                                           "(公共 only).")


def test_versions_of_one_plan_in_english() -> None:
    old = placed(plan(JINXIANG, "old.txt", title="金乡县某方案", issued="2021-01-01"), target("建成区绿地率", 38, "%"))
    new = placed(plan(JINXIANG, "new.txt", title="金乡县某方案", issued="2023-01-01"), target("建成区绿地率", 40, "%"))
    found = one(find_contradictions(old + new))
    assert found.explanation_en.endswith(" The two documents are versions of one plan; the 2023-01-01 version "
                                         "prevails.")


def decomposition_report():  # type: ignore[no-untyped-def]
    parent = placed(plan(JINING, "jining.txt"),
                    target("PM2.5年均浓度", 35, "微克/立方米", comparator="<="),
                    target("新增绿色建筑面积", 1000, "万平方米", kind="cumulative", comparator="="),
                    target("常住人口城镇化率", 70, "%"))
    jinxiang = placed(plan(JINXIANG, "jinxiang.txt"), target("PM2.5年均浓度", 38, "微克/立方米", comparator="<="),
                      target("新增绿色建筑面积", 3_000_000, "平方米", kind="cumulative", comparator="="))
    jiaxiang = placed(plan(JIAXIANG, "jiaxiang.txt"),
                      target("新增绿色建筑面积", 500, "万平方米", kind="cumulative", comparator="="))
    return check_decomposition(parent + jinxiang + jiaxiang)


def test_decomposition_in_english() -> None:
    report = decomposition_report()
    [weaker], [short], [uncovered] = report.weaker, report.shortfalls, report.uncovered
    assert weaker.explanation.endswith("（该指标越低越好）。")  # the Chinese as it was
    assert weaker.explanation_en == (
        "金乡县 《金乡县jinxiang方案》 sets ≤38微克/立方米 for 「PM2.5年均浓度」 in 2025, weaker than 济宁市 "
        "《济宁市jining方案》's ≤35微克/立方米 (for this indicator lower is better).")
    assert short.explanation_en.startswith(
        "济宁市 《济宁市jining方案》 asks for 1000万平方米 of 「新增绿色建筑面积」 in 2025; the 2 places below with a "
        "target add up to 800万平方米, less than set above. 9 more places below state no such target (")
    assert short.explanation_en.endswith("); until they do, whether it will be met cannot be told.")
    assert uncovered.explanation_en == ("济宁市 《济宁市jining方案》 sets 「常住人口城镇化率」 ≥70%; none of the plans "
                                        "below (金乡县, 嘉祥县) states a matching target.")
    names = {j.name for j in short.missing} | {"金乡县", "嘉祥县", "济宁市", "微克/立方米", "万平方米"}
    for item in (weaker, short, uncovered):
        assert leftover(item.explanation_en, *names) == set(), item.explanation_en


def test_ambition_titles_in_english() -> None:
    items = (placed(plan(JINXIANG), target("单位GDP能耗", -15, "%", kind="change", comparator="=", reference_year=2020))
             + placed(plan(JIAXIANG), target("单位GDP能耗", -16, "%", kind="change", comparator="=",
                                             reference_year=2020))
             + placed(plan(JINXIANG, "b.txt"), target("建成区绿地率", 38, "%", scope="城区"))
             + placed(plan(JIAXIANG, "b.txt"), target("建成区绿地率", 41, "%", scope="城区")))
    titles = [(r.title, r.title_en) for r in rank_ambition(items)]
    assert sorted(titles) == sorted([
        ("单位地区生产总值能耗 · 2025年比2020年变化幅度（%）",
         "单位地区生产总值能耗 · change in 2025 from 2020 (%)"),
        ("建成区绿地率 · 2025年水平 · 城区（%）", "建成区绿地率 · level in 2025 · 城区 (%)")]), titles


def test_roadmap_rows_in_english() -> None:
    info = plan(JINXIANG, "a.txt")
    items = placed(info, target("污泥无害化处置率", 95, "%", year=2023, deadline="2023-12-31"),
                   target("单位GDP能耗", -15, "%", kind="change", comparator="=", reference_year=2020))
    rows = timeline(items).rows
    assert [(r.when, r.when_en, r.label, r.label_en) for r in rows] == [
        ("2023年12月", "2023-12", "污泥无害化处置率 ≥95%", "污泥无害化处置率 ≥95%"),
        ("2025年", "2025", "单位GDP能耗 比2020年下降15%", "单位GDP能耗 down 15% from 2020")]
    assert [target_text(item.target, "en") for item in items] == ["≥95%", "down 15% from 2020"]
    assert target_text(items[1].target) == "比2020年下降15%"
