"""Forms of a number the prose reader used to miss, on constructed sentences: ranges, 清零/零填埋, compound and
multiplied units, numbers spaced apart by pdftotext, a number cut from its comparator by a line break."""

from __future__ import annotations

import pytest

from greentrack.extract.drafts import Draft
from greentrack.extract.numbers import iter_mentions
from greentrack.extract.targets import _each_rate

from .helpers import one, targets_of


def test_a_range_gives_a_floor_and_a_ceiling() -> None:
    found = targets_of("某某区方案\n一、主要目标\n到2024年底，每个镇至少建成3-5个美丽乡村示范点。\n")
    low, high = one(found, 3), one(found, 5)
    assert (low.comparator, high.comparator) == (">=", "<=")
    assert low.indicator == high.indicator and "示范点" in low.indicator
    assert (low.year, low.unit, low.kind) == (2024, "个", "cumulative")


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("每个街道启动1~2个试点", 1, 2, "个"),
    ("调节系数取0.6—0.8", 0.6, 0.8, ""),
    ("培育一至两个龙头企业", 1, 2, "个"),
    ("能耗降低10%-15%", 10, 15, "%"),
])
def test_range_mentions(text: str, low: float, high: float, unit: str) -> None:
    ranges = [m for m in iter_mentions(text) if m.high is not None]
    assert [(m.value, m.high, m.unit) for m in ranges] == [(low, high, unit)]


@pytest.mark.parametrize("text", ["2021-2025年", "GB 50378-2019", "3-5", "2023年4月—7月"])
def test_years_codes_and_bare_integers_are_no_ranges(text: str) -> None:
    assert all(m.high is None for m in iter_mentions(text))


def test_zero_forms() -> None:
    found = targets_of("某某市方案\n（三）推进垃圾治理。到2024年，黑臭水体、劣五类水体动态清零，"
                       "“原生垃圾”零填埋，生活垃圾焚烧处理能力全覆盖。\n")
    zeros = sorted((t for t in found if t.value == 0), key=lambda t: t.start)
    assert [t.indicator for t in zeros] == ["黑臭水体", "劣五类水体", "“原生垃圾”填埋"]
    assert all((t.comparator, t.unit, t.year, t.kind) == ("=", "", 2024, "level") for t in zeros)


def test_zero_tolerance_is_no_target() -> None:
    assert not [m for m in iter_mentions("对违法排污行为零容忍") if m.value == 0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("日供气能力达到2.4亿方/日", 2.4, "亿方/日"),
    ("新型墙材年产能达到45亿块标砖", 45, "亿块标砖"),
    ("增殖放流鱼苗12亿尾", 12, "亿尾"),
    ("垃圾处理能力达到8000吨 / 天以上", 8000, "吨/天"),
])
def test_compound_and_multiplied_units(text: str, value: float, unit: str) -> None:
    assert [(m.value, m.unit) for m in iter_mentions(text)] == [(value, unit)]


def test_full_width_spaced_rate_reads_after_normalisation() -> None:
    found = targets_of("某某市方案\n（二）提升处理能力。到2024年，全市城乡垃圾处理能力达到 １２５００ 吨 ／ 天以上。\n")
    t = one(found, 12500)
    assert (t.unit, t.comparator, t.year) == ("吨/天", ">=", 2024)


def test_a_number_cut_from_its_comparator_by_a_line_break() -> None:
    found = targets_of("某某县方案\n（五）发展超低能耗建筑。2024年新开工超低能耗建筑面积增速不低于\n\n"
                       "12 %，逐步形成规模化发展格局。\n")
    t = one(found, 12)
    assert (t.comparator, t.unit, t.year) == (">=", "%", 2024) and t.indicator.endswith("增速")


def test_grade_rules_name_the_standard_and_scope_the_projects() -> None:
    found = targets_of("某某市方案\n（二）提升建筑品质。新建图书馆、体育馆等公共建筑须达到一星级以上绿色建筑标准要求，"
                       "超高层办公建筑按不低于三星级标准建设，支持核心片区内新建建筑按照不低于一星级标准进行设计。\n")
    one_star = sorted((t for t in found if t.value == 1), key=lambda t: t.start)
    assert [(t.indicator, t.scope, t.aspirational) for t in one_star] == [
        ("绿色建筑标准", "新建图书馆、体育馆等公共建筑", False), ("星级标准", "核心片区内新建建筑", True)]
    three = one(found, 3)
    assert (three.indicator, three.scope, three.kind, three.comparator) == (
        "超高层办公建筑星级标准", "超高层办公建筑", "standard", ">=")


def test_a_measure_before_a_grade_stays_the_indicator() -> None:
    t = one(targets_of("某某县方案\n（一）提升品质。新建大型场馆绿色建筑水平不得低于一星级标准。\n"), 1)
    assert t.indicator.endswith("绿色建筑水平")


def test_a_number_in_a_study_names_its_subject() -> None:
    found = targets_of("某某市方案\n（三）深化建筑节能。开展居住建筑节能率80%设计标准研究，探索85%节能标准技术路径。\n")
    assert found == []


def test_counts_made_by_an_action_verb() -> None:
    found = targets_of("某某省方案\n（四）建设美丽乡村。到2025年，建成3000个生态宜居的美丽乡村，"
                       "完成甲市、乙市、丙县等4个资源循环利用基地建设，在培育3个千亿级园区和20个以上百亿级园区过程中，推进循环化改造。"
                       "由发改委、住建局等3个部门联合开展评估。\n")
    villages, bases, parks = one(found, 3000), one(found, 4), one(found, 20)
    assert (villages.indicator, villages.kind, villages.comparator) == ("生态宜居的美丽乡村", "cumulative", "=")
    assert (bases.indicator, bases.scope, bases.year) == ("资源循环利用基地建设", "甲市、乙市、丙县", 2025)
    assert (parks.indicator, parks.comparator) == ("百亿级园区", ">=")
    assert not [t for t in found if t.value == 3 and "部门" in t.indicator]


def test_a_share_that_meets_a_rule_gives_two_records() -> None:
    found = targets_of("某某市方案\n（一）海绵城市。到2025年，70%以上的新建公园绿地雨水收集利用率达到25%。\n")
    share, rule = one(found, 70), one(found, 25)
    assert (share.kind, share.comparator, rule.kind, rule.comparator) == ("level", ">=", "standard", ">=")
    assert rule.quote.startswith("新建") and "雨水收集利用率" in share.indicator


def test_a_rate_of_each_listed_thing() -> None:
    draft = Draft(indicator="工业固废、建筑固废资源化利用率", comparator=">=", value=60, unit="%", kind="level",
                  start=0, end=10)
    assert [d.indicator for d in _each_rate(draft)] == ["工业固废资源化利用率", "建筑固废资源化利用率"]
    for kept in ("大型、超大型数据中心电能利用效率", "太阳能、地热能建筑应用面积"):
        assert [d.indicator for d in _each_rate(Draft(**{**draft.__dict__, "indicator": kept}))] == [kept]


def test_a_standard_named_before_the_grade() -> None:
    found = targets_of("某某省方案\n（一）提升品质。"
                       "推动国有资金投资的公共建筑按照绿色建筑三星级及以上标准设计和运行。\n")
    t = one(found, 3)
    assert (t.indicator, t.scope, t.comparator) == ("绿色建筑星级标准", "国有资金投资的公共建筑", ">=")


@pytest.mark.parametrize(("sentence", "indicator"), [
    ("到2025年，原生生活垃圾实现零填埋。", "原生生活垃圾填埋"),
    ("到2025年，实现生活垃圾零填埋。", "生活垃圾填埋"),
    ("到2025年，城镇污水实现零直排。", "城镇污水直排"),
])
def test_zero_after_a_subject_in_words(sentence: str, indicator: str) -> None:
    [found] = targets_of(f"某某市方案\n（三）推进垃圾治理。{sentence}\n")
    assert (found.indicator, found.value, found.year) == (indicator, 0, 2025)


def test_net_zero_is_a_slogan_not_a_zero() -> None:
    assert targets_of("某某市方案\n（三）低碳发展。推动建筑领域净零排放。\n") == []


@pytest.mark.parametrize(("sentence", "indicator"), [
    ("到2025年，新建建筑中绿色建筑占比达到100%。", "新建建筑中绿色建筑占比"),
    ("到2025年，新建居住建筑能效提升30%。", "新建居住建筑能效"),
    ("到2025年，新建城镇污水处理厂3座。", "城镇污水处理厂"),  # here 新建 is the verb
])
def test_new_buildings_as_a_class_keep_their_name(sentence: str, indicator: str) -> None:
    [found] = targets_of(f"某某市方案\n（三）建筑节能。{sentence}\n")
    assert found.indicator == indicator


@pytest.mark.parametrize(("sentence", "value"), [
    ("到2025年，农村生活污水治理率达到七成以上。", 70),
    ("到2025年，绿色出行比例超过八成。", 80),
])
def test_tenths_are_a_share(sentence: str, value: float) -> None:
    [found] = targets_of(f"某某市方案\n（三）生态环境。{sentence}\n")
    assert (found.value, found.unit, found.comparator, found.year) == (value, "%", ">=", 2025)


@pytest.mark.parametrize("text", ["建成三个示范园区", "组建一支三成员的队伍", "一成不变"])
def test_cheng_in_words_is_no_share(text: str) -> None:
    assert all(m.unit != "%" for m in iter_mentions(text))


def test_counts_in_a_list_after_one_verb() -> None:
    found = targets_of("某某市方案\n（三）低碳。到2025年，建成三个绿色低碳示范园区、五个近零碳社区和2个零碳工厂。\n")
    assert [(t.indicator, t.value, t.kind) for t in found] == [
        ("绿色低碳示范园区", 3, "cumulative"), ("近零碳社区", 5, "cumulative"), ("零碳工厂", 2, "cumulative")]


def test_adverbs_before_a_grade_are_no_part_of_its_scope() -> None:
    [found] = targets_of("某某市方案\n（三）绿色建筑。新建政府投资公益性建筑全面执行二星级及以上绿色建筑标准。\n")
    assert (found.value, found.unit, found.scope) == (2, "星级", "新建政府投资公益性建筑")
