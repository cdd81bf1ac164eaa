"""A target written twice is one record at its first statement; other-scoped or other-worded ones stay apart.

The spec's rule: same value, unit, year and scope and the same wording (indicator bigram Dice ≥ 0.5)
in another sentence is a restatement. Two targets read from one sentence are never merged.
"""

from __future__ import annotations

from dataclasses import replace

from greentrack.extract.restatements import merge_restatements, scope_key
from greentrack.models import Target

from .helpers import targets_of


def _target(indicator: str, value: float, start: int, scope: str | None = None, year: int | None = 2025,
            baseline: float | None = None, binding: str | None = None) -> Target:
    return Target(id="", doc="plan.txt", indicator=indicator, comparator=">=", value=value, unit="%", year=year,
                  deadline=None, kind="level", reference_year=None, baseline_value=baseline,
                  baseline_year=2020 if baseline is not None else None, scope=scope, aspirational=False,
                  binding=binding, departments=(), lead_departments=(), section=(), quote=indicator,
                  start=start, end=start + len(indicator))


TEXT = "。\n" * 200  # every offset pair below lies in different sentences


def test_a_restatement_folds_into_the_first_statement_in_text_order() -> None:
    table_row = _target("装配式建造占新建住宅比例", 40, start=300, baseline=20, binding="预期性")
    prose = _target("装配式建造占新建住宅的比例", 40, start=10)
    [kept] = merge_restatements([table_row, prose], TEXT)
    assert kept.start == 10  # the prose comes first in the text, though the table row was read first
    assert (kept.baseline_value, kept.baseline_year, kept.binding) == (20, 2020, "预期性")


def test_other_scope_other_wording_other_year_stay_apart() -> None:
    first = _target("绿色建材应用比例", 70, start=10)
    others = [_target("绿色建材应用比例", 70, start=100, scope="中心城区"),
              _target("再生水利用率", 70, start=200),
              _target("绿色建材应用比例", 70, start=300, year=2030)]
    assert len(merge_restatements([first, *others], TEXT)) == 4


def test_the_whole_area_is_no_scope() -> None:
    assert scope_key("全市") is None and scope_key("本县") is None and scope_key(None) is None
    assert scope_key("城区") == "城区"
    first = _target("绿色建筑占比", 100, start=10)
    again = _target("城镇绿色建筑占比", 100, start=100, scope="全市")
    assert len(merge_restatements([first, again], TEXT)) == 1
    # a higher level's whole area quoted beside the plan's own: two areas, two records
    province = _target("城镇绿色建筑占比", 100, start=10, scope="全省")
    assert len(merge_restatements([province, again], TEXT)) == 2
    assert len(merge_restatements([_target("城镇绿色建筑占比", 100, start=10, scope="本市"), again], TEXT)) == 1


def test_two_targets_of_one_sentence_are_not_restatements() -> None:
    text = "到2025年，餐厨废物、医疗废物规范处置率均保持98%。"
    a = _target("餐厨废物规范处置率", 98, start=10)
    b = _target("医疗废物规范处置率", 98, start=16)
    assert len(merge_restatements([a, b], text)) == 2


GOAL_AND_TASK = """一、主要目标
到2025年，全县新建民用建筑的绿色建筑比例达到100%，新增绿色建筑面积180万平方米。
二、重点任务
（一）发展绿色建筑。到2025年，新建民用建筑的绿色建筑比例达到100%，城区新增绿色建筑面积180万平方米。
"""


def test_goal_and_task_sections() -> None:
    found = targets_of(GOAL_AND_TASK)
    shares = [t for t in found if t.value == 100]
    assert len(shares) == 1 and shares[0].section[0] == "主要目标"
    areas = [t for t in found if t.value == 180]
    assert [t.scope for t in areas] == ["全县", "城区"]  # scoped differently: two records
    assert all("restated_nearby" in t.doubts for t in areas)


def test_the_task_sections_responsible_units_stay_on_the_goal_statement() -> None:
    """A goal without a note, restated in a task paragraph that names who is responsible: one record, at the
    goal, with those units (the ledger needs someone to answer for it)."""
    found = targets_of(GOAL_AND_TASK.replace("城区新增绿色建筑面积180万平方米。", "城区新增绿色建筑面积180万平方米。"
                                             "（县住建局牵头，县发改局、县财政局配合）"))
    share = next(t for t in found if t.value == 100)
    assert share.section[0] == "主要目标"
    assert share.departments == ("县住建局", "县发改局", "县财政局") and share.lead_departments == ("县住建局",)


def test_two_cells_of_one_table_are_two_targets() -> None:
    a = replace(_target("新建公共建筑绿色建筑执行率", 100, start=10), section=("发展目标", "表1 主要指标"))
    b = replace(_target("绿色建筑占新建公共建筑竣工比例", 100, start=100), section=("发展目标", "表1 主要指标"))
    cells = {(a.start, a.end), (b.start, b.end)}
    assert len(merge_restatements([a, b], TEXT, cells)) == 2
    assert len(merge_restatements([a, b], TEXT)) == 1  # as prose statements they restate each other
    other_table = replace(b, section=("重点任务", "专栏1 重点工程"))
    assert len(merge_restatements([a, other_table], TEXT, {(a.start, a.end), (b.start, b.end)})) == 1


def test_a_statement_absorbs_one_cell_of_a_table_the_most_alike() -> None:
    prose = _target("城镇新建建筑中节能建筑竣工面积占比", 100, start=10)
    cells = [replace(_target("新建建筑节能标准执行率", 100, start=300), section=("指标表",)),
             replace(_target("节能建筑占新建建筑竣工比例", 100, start=400), section=("指标表",))]
    spans = {(c.start, c.end) for c in cells}
    kept = merge_restatements([prose, *cells], TEXT, spans)
    # Both cells read like the prose, but a table lists each target once: the closer one is its restatement.
    assert [t.start for t in kept] == [10, 300]


def test_a_table_cell_for_an_area_is_its_own_statement() -> None:
    prose = _target("绿色建筑占比", 90, start=10)
    cell = replace(_target("绿色建筑占比", 90, start=300, scope="全市"), section=("分区目标",))
    assert len(merge_restatements([prose, cell], TEXT, {(cell.start, cell.end)})) == 2
    assert len(merge_restatements([prose, cell], TEXT)) == 1  # the same words in prose restate it


def test_shares_of_different_things_are_two_targets() -> None:
    # Worded alike in most of their bigrams, but one counts 装配式建筑 and the other 绿色建筑.
    prefab = _target("装配式建筑占新建建筑比例", 80, start=10)
    green = _target("绿色建筑占新建建筑比例", 80, start=100)
    same_share = _target("城镇新建建筑中装配式建筑比例", 80, start=200)
    kept = merge_restatements([prefab, green, same_share], TEXT)
    assert [t.indicator for t in kept] == ["装配式建筑占新建建筑比例", "绿色建筑占新建建筑比例"]


def test_a_unit_written_as_a_symbol_restates_the_unit_in_characters() -> None:
    prose = replace(_target("超低能耗建筑面积", 10, start=10), unit="万平方米")
    table_row = replace(_target("超低能耗建筑", 10, start=100, binding="预期性"), unit="万 m2")
    power = replace(_target("光伏建筑一体化装机容量", 113.5, start=200), unit="兆瓦")
    power_row = replace(_target("光伏建筑一体化装机容量", 113.5, start=300), unit="MW")
    kept = merge_restatements([prose, table_row, power, power_row], TEXT)
    assert [(t.start, t.binding) for t in kept] == [(10, "预期性"), (200, None)]


def test_a_share_restated_with_words_added_is_one_target() -> None:
    prose = _target("按一星级及以上标准建设的绿色建筑占新建民用建筑比例", 35, start=10)
    table_row = _target("星级绿色建筑占新建民用建筑比例", 35, start=100, binding="约束性")
    [kept] = merge_restatements([prose, table_row], TEXT)
    assert (kept.start, kept.binding) == (10, "约束性")
