"""Three general forms of policy prose, on constructed sentences: a bare 清零 clearing the thing an earlier clause
of its sentence manages, magnitudes written as words in a slogan (千万亩A、千亿元B), and the shared size of N counted
things (N个总装机M万千瓦的X). Each form gives its targets; the look-alikes (idioms, classes, bounds, a clause with
nothing countable to clear) give none."""

from __future__ import annotations

import pytest

from greentrack.extract.numbers import iter_mentions
from greentrack.models import Target

from .helpers import targets_of


def _targets(sentence: str) -> list[Target]:
    return targets_of(f"某某市实施方案\n（二）重点任务。{sentence}\n")


def _fields(found: list[Target]) -> list[tuple[str, str, float, str, int | None]]:
    return [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in sorted(found, key=lambda t: t.start)]


# -- 清零 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "thing", "year"), [
    ("完善“十小”企业排查台账，强化日常巡查，保持动态清零。", "“十小”企业", None),
    ("排查整治城乡黑臭水体，实现动态清零。", "城乡黑臭水体", None),
    ("建立燃煤散烧锅炉监管长效机制，持续巩固整治成果，全面清零。", "燃煤散烧锅炉", None),
    ("到2024年底，实现城区违法建设问题清零。", "违法建设问题", 2024),
    ("到2025年，中心城区劣五类水体全面清零。", "劣五类水体", 2025),
])
def test_cleared_things_are_zero(sentence: str, thing: str, year: int | None) -> None:
    assert _fields(_targets(sentence)) == [(thing, "=", 0, "", year)]


@pytest.mark.parametrize("sentence", [
    "加强环境监管，保持动态清零。",  # nothing countable is named
    "完善管理制度，强化督导考核，实现动态清零。",
    "全面清零。",
    "建立“僵尸企业”动态清零机制。",  # a mechanism named, no target
    "对违法排污行为零容忍。",
])
def test_clearing_without_a_thing_gives_nothing(sentence: str) -> None:
    assert [t for t in _targets(sentence) if t.value == 0] == []


# -- magnitudes in words ------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2025年，力争实现“百万亩高标准茶园、百亿元茶产业”的发展目标。",
     [("高标准茶园", 100, "万亩", 2025), ("茶产业", 100, "亿元", 2025)]),
    ("到2030年，打造“千亿元新材料产业、十万吨再生铝产能”。",
     [("新材料产业", 1000, "亿元", 2030), ("再生铝产能", 10, "万吨", 2030)]),
    ("推动绿色产业发展，实现千亿元绿色食品产业。", [("绿色食品产业", 1000, "亿元", None)]),
])
def test_slogan_magnitudes_are_amounts(sentence: str, expected: list[tuple[str, float, str, int | None]]) -> None:
    assert [(i, v, u, y) for i, _, v, u, y in _fields(_targets(sentence))] == expected


@pytest.mark.parametrize("sentence", [
    "千方百计增加农民收入，惠及千家万户，确保万无一失。",
    "打造千亿元级产业集群。",  # a class
    "建设百万千瓦以上风电基地。",  # a bound
    "加快推进千万千瓦级清洁能源基地建设。",
    "全市工业总产值突破千亿元。",  # nothing counted after the amount
    "培育3个百亿元产业集群。",  # the clusters are counted; 百亿元 names their class
    "实现“三个转变”的发展目标。",  # a quoted name, not amounts
    "服务广大百姓，提升千瓦时电价透明度。",
])
def test_idioms_and_classes_are_no_amounts(sentence: str) -> None:
    assert all(t.unit not in ("万亩", "亿元", "万吨", "万千瓦") or t.value not in (10, 100, 1000)
               for t in _targets(sentence))


@pytest.mark.parametrize("text", ["千家万户", "千方百计", "万无一失", "百姓", "千瓦时", "千亿元级", "百万千瓦以上"])
def test_idioms_are_no_mentions(text: str) -> None:
    assert iter_mentions(text) == []


# -- the size of N counted things ---------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("加快推进甲地、乙地等4个总装机360万千瓦的抽水蓄能电站前期工作。",
     [("抽水蓄能电站前期工作", 4, "个"), ("抽水蓄能电站总装机", 360, "万千瓦")]),
    ("建成2个总装机120万千瓦的集中式光伏电站。",
     [("集中式光伏电站", 2, "个"), ("集中式光伏电站总装机", 120, "万千瓦")]),
    ("开工建设6个装机容量150万千瓦的海上风电项目。",
     [("海上风电项目", 6, "个"), ("海上风电项目装机容量", 150, "万千瓦")]),
    ("新建3个总投资80亿元的循环经济产业园。",
     [("循环经济产业园", 3, "个"), ("循环经济产业园总投资", 80, "亿元")]),
])
def test_count_and_shared_size(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(i, v, u) for i, _, v, u, _ in _fields(_targets(sentence))] == expected


@pytest.mark.parametrize("sentence", [
    "建成4个面积10万平方米以上的城市公园。",  # a bound picking out the parks
    "新建2个5万平方米的口袋公园。",
])
def test_a_size_bound_is_no_target(sentence: str) -> None:
    assert [t.unit for t in _targets(sentence)] in ([], ["个"])


def test_a_slogan_scale_is_a_level_to_reach() -> None:
    found = _targets("到2025年，力争实现“百万亩高标准茶园、百亿元茶产业”的发展目标。")
    assert [(t.comparator, t.kind, t.aspirational) for t in found] == [(">=", "level", True)] * 2


# -- a government body is not an indicator -------------------------------------------------

@pytest.mark.parametrize("line", [
    "某某市城市管理综合行政执法局占2比",  # a seal's OCR noise over the list of issuing bodies
    "某某市住房和城乡建设局 3",
    "某某县人民政府办公室 12",
])
def test_a_bare_number_after_an_agency_is_no_target(line: str) -> None:
    assert _targets(line) == []


def test_an_agency_figure_with_a_unit_is_still_read() -> None:
    found = _fields(_targets("到2025年，乡镇综合文化站覆盖率达到100%。"))
    assert found == [("乡镇综合文化站覆盖率", ">=", 100, "%", 2025)]


# -- rules each facility meets ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("新建住宅小区停车位100%建设充电设施或预留安装条件。", ("standard", "=", 100, "%")),
    ("新建公共建筑按照不低于20%的车位比例配建充电设施。", ("standard", ">=", 20, "%")),
    ("到2025年，新建大型数据中心运行电能利用效率降至1.3以下。", ("standard", "<=", 1.3, "")),
    ("新建数据中心PUE值不高于1.25。", ("standard", "<=", 1.25, "")),
    ("到2025年，二星级及以上绿色建筑采用绿色建材的比例不低于50%。", ("standard", ">=", 50, "%")),
])
def test_a_facility_s_own_limit_is_a_standard(sentence: str, expected: tuple[str, str, float, str]) -> None:
    [found] = _targets(sentence)
    assert (found.kind, found.comparator, found.value, found.unit) == expected


@pytest.mark.parametrize("sentence", ["到2025年，城镇新建建筑100%执行建筑节能强制性标准。",
                                      "到2025年，星级绿色建筑占新建建筑比例达到30%。"])
def test_a_share_of_the_whole_stays_a_level(sentence: str) -> None:
    [found] = _targets(sentence)
    assert (found.kind, found.comparator) == ("level", ">=")


# -- how far a hedge reaches -------------------------------------------------------------------

def test_a_hedged_time_frame_in_mid_sentence_hedges_what_follows() -> None:
    found = _targets("支持开展共同配送等集约运输模式，力争到2025年，星级物流企业增至20家，绿色货运站场达到8个。")
    assert [(t.value, t.aspirational) for t in found] == [(20, True), (8, True)]


def test_an_encouragement_does_not_hedge_a_later_clause() -> None:
    found = _targets("鼓励发展生态种植、生态养殖，打造优质农产品，2025年绿色认证产品达到2000个。")
    assert [(t.value, t.aspirational) for t in found] == [(2000, False)]
    hedged = _targets("力争到2025年，绿色认证产品达到2000个，有机农产品基地达到30个。")
    assert [t.aspirational for t in hedged] == [True, True]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("在绿色化改造过程中，选择1~2个具有改造需求的项目，对其进行节能改造。",
     [(">=", 1, "个"), ("<=", 2, "个")]),
    ("每个区遴选2个项目开展近零能耗建筑试点。", [("=", 2, "个")]),
    ("驿站全部达到超低能耗建筑水平，并选择至少3个驿站开展零能耗实践。", [(">=", 3, "个")]),
])
def test_projects_chosen_for_a_pilot_are_counted(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    found = _targets(sentence)
    assert [(t.comparator, t.value, t.unit) for t in found] == expected
    assert {t.kind for t in found} == {"cumulative"}


@pytest.mark.parametrize(("sentence", "indicator"), [
    ("“十四五”期间至少创建2个海绵城市示范片区。", "海绵城市示范片区"),
    ("到2025年，每个县最少建成1个零碳示范社区。", "零碳示范社区"),
    ("各区不少于培育3个绿色建材生产基地。", "绿色建材生产基地"),
])
def test_a_bound_before_the_action_verb_is_a_lower_bound(sentence: str, indicator: str) -> None:
    found = _targets(sentence)
    assert [(t.comparator, t.kind, t.indicator) for t in found] == [(">=", "cumulative", indicator)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a year written in Chinese digits, as formal documents sometimes do
    ("到二〇二五年，全市新建公共建筑中绿色建筑占比达到100%。", ("新建公共建筑中绿色建筑占比", ">=", 100, "%", 2025)),
    # the year between the indicator and its comparator: 占比 before it is a share, not the 比 of a comparison
    ("全市新建公共建筑中绿色建筑占比2025年达到95%。", ("新建公共建筑中绿色建筑占比", ">=", 95, "%", 2025)),
    ("全市城镇污水处理率2024年底前达到98%。", ("城镇污水处理率", ">=", 98, "%", 2024)),
])
def test_a_year_written_otherwise_or_placed_after_the_indicator(sentence: str, expected: tuple[object, ...]) -> None:
    assert _fields(_targets(sentence)) == [expected]


def test_a_year_after_a_comparison_word_is_still_a_reference_point() -> None:
    found = _targets("到2025年，全市单位建筑面积能耗比2020年下降10%。")
    assert [(t.kind, t.value, t.year, t.reference_year) for t in found] == [("change", -10, 2025, 2020)]


def test_a_part_named_after_qizhong_takes_the_rate_it_is_part_of() -> None:
    """"其中政府投资项目达到50%": a part of what the rate before measures (its scope), not a rate of its own; a part
    with its own measure (其中星级绿色建筑占比…) or a count (其中口袋公园5个) keeps its own name."""
    found = _targets("到2025年，全市新建建筑中装配式建筑比例达到30%，其中政府投资项目达到50%以上。")
    assert [(t.indicator, t.value, t.scope) for t in found] == [
        ("新建建筑中装配式建筑比例", 30, "全市"), ("新建建筑中装配式建筑比例", 50, "政府投资项目")]
    own = _targets("到2025年，全市城镇新建建筑中绿色建筑占比达到100%，其中星级绿色建筑占比达到30%。")
    assert [t.indicator for t in own] == ["城镇新建建筑中绿色建筑占比", "星级绿色建筑占比"]
    counted = _targets("到2025年，全市新建公园10个，其中口袋公园5个。")
    assert [t.indicator for t in counted] == ["公园", "口袋公园"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a list of years before 分别 pairs with the values in order
    ("2023年、2024年、2025年，全市绿色建筑占比分别达到80%、90%、100%。",
     [("绿色建筑占比", 80, 2023, None), ("绿色建筑占比", 90, 2024, None), ("绿色建筑占比", 100, 2025, None)]),
    ("到2023年底和2025年底，全县装配式建筑占比分别达到20%和30%。",
     [("装配式建筑占比", 20, 2023, "2023-12-31"), ("装配式建筑占比", 30, 2025, "2025-12-31")]),
    # items that end alike share the measure the last one names
    ("到2025年，新建居住建筑和公共建筑节能率分别达到75%和72%。",
     [("新建居住建筑节能率", 75, 2025, None), ("公共建筑节能率", 72, 2025, None)]),
])
def test_a_fenbie_list_pairs_years_and_names_with_its_values(sentence: str, expected: list[tuple[object, ...]]) -> None:
    found = sorted(_targets(sentence), key=lambda t: t.value)
    assert [(t.indicator, t.value, t.year, t.deadline) for t in found] == sorted(expected, key=lambda e: e[1])


def test_a_part_of_an_amount_after_qizhong_takes_the_amounts_name() -> None:
    found = _targets("到2025年，全县既有建筑节能改造面积累计达到50万平方米，其中公共建筑20万平方米。")
    assert [(t.indicator, t.value, t.scope) for t in found] == [
        ("既有建筑节能改造面积", 50, "全县"), ("既有建筑节能改造面积", 20, "公共建筑")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2025年，绿色出行比例达到70%以上（中心城区）。", [("绿色出行比例", 70, "中心城区")]),
    ("到2025年，装配式建筑占新建建筑比例分别达到35%（中心城区）、25%（其他地区）。",
     [("装配式建筑占新建建筑比例", 35, "中心城区"), ("装配式建筑占新建建筑比例", 25, "其他地区")]),
    ("到2025年，既有建筑改造完成率超九成。", [("既有建筑改造完成率", 90, None)]),
])
def test_an_area_in_brackets_after_a_value_is_its_scope(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert [(t.indicator, t.value, t.scope) for t in _targets(sentence)] == expected


def test_each_of_a_list_gets_the_amount_after_ge() -> None:
    found = _targets("到2025年，全市创建绿色学校、绿色医院各5所。")
    assert [(t.indicator, t.value, t.unit) for t in found] == [("绿色学校", 5, "所"), ("绿色医院", 5, "所")]


def test_a_grade_projects_execute_is_a_standard_even_under_a_year() -> None:
    """"执行二星级…标准" is a rule the named projects follow; "达到四星级" under a year is the place's rating."""
    rule = _targets("到2025年，政府投资的公共建筑全面执行二星级及以上绿色建筑标准。")
    assert [(t.kind, t.value, t.scope) for t in rule] == [("standard", 2, "政府投资的公共建筑")]
    rating = _targets("加强新型智慧城市建设，2025年力争达到四星级标准。")
    assert [(t.kind, t.value, t.year) for t in rating] == [("level", 4, 2025)]
