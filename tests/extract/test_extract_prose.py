"""Targets in prose of other plans' wording: provincial, city and county styles, constructed here.

Each case names one convention of shared/spec/targets.md: comparators, change against a
reference year, baselines, hedges over parallel clauses, 分别 lists, scopes, standards,
cumulative amounts, years from time phrases, and what must be left out.
"""

from __future__ import annotations

from .helpers import one, targets_of

PROVINCE = """某某省人民政府办公厅关于印发某某省城乡建设绿色发展实施方案的通知
2022年5月10日
一、主要目标
到2025年，全省城镇新建建筑中绿色建筑面积占比达到100%，星级绿色建筑占比不低于30%，城市生活垃圾资源化利用率提高到60%以上。
二、重点任务
（一）提升建筑能效。到2025年，城镇新建居住建筑能效水平比2020年提升30%，全省单位地区生产总值能耗分别比2020年下降13.5%，公共建筑能耗强度下降10%左右。（省住房城乡建设厅牵头，省发展改革委、省财政厅等按职责分工负责）
（二）推动装配式建筑发展。自2023年起，新建政府投资项目全部采用装配式建筑。对于总建筑面积3万平方米以上的新建商品住宅项目，装配率不低于50%。到2025年，装配式建筑占新建建筑面积比例力争达到35%以上，重点推进地区达到45%以上。
"""


def test_province_levels_and_comparators() -> None:
    found = targets_of(PROVINCE)
    share = one(found, 100)
    assert (share.comparator, share.unit, share.year, share.scope, share.kind) == (">=", "%", 2025, "全省", "level")
    assert "绿色建筑面积占比" in share.indicator
    stars = [t for t in found if t.value == 30 and t.kind == "level"]
    assert len(stars) == 1 and stars[0].comparator == ">="
    assert one(found, 60).indicator.endswith("资源化利用率")


def test_change_against_reference_year() -> None:
    found = targets_of(PROVINCE)
    by_value = {t.value: t for t in found if t.kind == "change"}
    assert by_value[30].indicator == "城镇新建居住建筑能效水平" and by_value[30].reference_year == 2020
    assert by_value[-13.5].reference_year == 2020
    assert by_value[-13.5].indicator.endswith("单位地区生产总值能耗")
    assert by_value[-10].comparator == "="


def test_departments_from_the_closing_note() -> None:
    found = targets_of(PROVINCE)
    t = one(found, -13.5)
    assert t.departments == ("省住房城乡建设厅", "省发展改革委", "省财政厅")
    assert t.lead_departments == ("省住房城乡建设厅",)


def test_rule_with_condition_and_standing_year() -> None:
    found = targets_of(PROVINCE)
    rule = one(found, 50)
    assert (rule.kind, rule.comparator, rule.year) == ("standard", ">=", 2023)
    assert not [t for t in found if t.value == 3 and t.unit == "万平方米"]  # the condition is not a target


def test_hedge_covers_the_parallel_clause() -> None:
    found = targets_of(PROVINCE)
    whole, part = one(found, 35), one(found, 45)
    assert whole.aspirational and part.aspirational
    assert part.indicator == whole.indicator and part.scope == "重点推进地区"


CITY = """某某市推动绿色低碳发展行动方案
（二）推进水资源节约。到2025年，全市万元GDP用水量较2020年下降16%，城市公共供水管网漏损率控制在9%以内，再生水利用率由2020年的18%提高到25%。
（三）完善城市基础设施。2024年底前，新建改造城市燃气管网120公里，建成充电桩2000个、换电站15座。中心城区道路网密度不小于8公里/平方公里，城市道路网密度和中心城区建成区绿化覆盖率分别达到7.5公里/平方公里和42%。
责任单位：市城管局、市住建局、市水务集团
"""


def test_city_change_ceiling_and_baseline() -> None:
    found = targets_of(CITY)
    water = one(found, -16)
    assert (water.kind, water.reference_year, water.year) == ("change", 2020, 2025)
    leak = one(found, 9)
    assert (leak.comparator, leak.indicator) == ("<=", "城市公共供水管网漏损率")
    reuse = one(found, 25)
    assert (reuse.baseline_value, reuse.baseline_year, reuse.comparator) == (18, 2020, ">=")
    assert not [t for t in found if t.value == 18]


def test_city_cumulative_amounts_with_deadline() -> None:
    found = targets_of(CITY)
    pipes = one(found, 120)
    assert (pipes.kind, pipes.comparator, pipes.unit, pipes.deadline) == ("cumulative", "=", "公里", "2024-12-31")
    piles, stations = one(found, 2000), one(found, 15)
    assert piles.indicator == "充电桩" and stations.indicator == "换电站"
    assert piles.kind == stations.kind == "cumulative"


def test_city_fenbie_list_pairs_subjects_and_values() -> None:
    found = targets_of(CITY)
    density, green = one(found, 7.5), one(found, 42)
    assert density.unit == "公里/平方公里" and "道路网密度" in density.indicator
    assert green.unit == "%" and green.indicator.endswith("绿化覆盖率")


def test_labelled_department_line() -> None:
    found = targets_of(CITY)
    assert one(found, 42).departments == ("市城管局", "市住建局", "市水务集团")


COUNTY = """某某县县城绿色低碳建设实施方案
（一）县城建设密度
县城新建住宅以6层为主，最高不超过18层，6层及以下住宅占比不低于70%。新建公共建筑按照一星级及以上绿色建筑标准建设，内涝防治标准不低于30年一遇。新建公共停车场按照不低于10%的车位比例配建充电设施，城区黑臭水体动态清零，2023年年底前实现县城建成区黑臭水体清零。
（二）乡村建设
“十四五”期间，全县新改建农村公路150公里，力争实施农村户厕改造3000户。
"""


def test_county_standards() -> None:
    found = targets_of(COUNTY)
    assert (one(found, 6).kind, one(found, 6).comparator, one(found, 6).unit) == ("standard", "=", "层")
    assert one(found, 18).comparator == "<="
    grade = one(found, 1)
    assert (grade.unit, grade.comparator, grade.kind) == ("星级", ">=", "standard")
    flood = one(found, 30)
    assert (flood.unit, flood.comparator) == ("年一遇", ">=")
    parking = one(found, 10)
    assert (parking.kind, parking.comparator) == ("standard", ">=")


def test_county_zero_and_five_year_plan_period() -> None:
    found = targets_of(COUNTY)
    # "动态清零" is a target too (the corpus gold labels it): 0, with no year of its own
    zeros = sorted((t for t in found if t.value == 0), key=lambda t: t.start)
    assert [(t.deadline, t.unit) for t in zeros] == [(None, ""), ("2023-12-31", "")]
    road = one(found, 150)
    assert (road.year, road.kind, road.scope) == (2025, "cumulative", "全县")
    toilets = one(found, 3000)
    assert toilets.aspirational and toilets.unit == "户"


PAST = """某某市城乡建设绿色发展规划
一、发展基础
“十三五”期间，全市累计建成绿色建筑3200万平方米，城镇新建建筑中绿色建筑占比由2015年的20%提高到2020年的75%。
二、发展目标
到2025年，城镇新建建筑中绿色建筑占比达到100%，已建成的超低能耗建筑达到10万平方米。
"""


def test_past_achievements_are_left_out() -> None:
    found = targets_of(PAST)
    assert [(t.value, t.year) for t in found] == [(100, 2025)]


NAMES = """某某区绿色社区创建方案
2022年4月1日
某政发〔2022〕15号
一、工作目标
加快构建15分钟社区生活圈，实现“300米见绿、500米见园”，落实“三线一单”，推进5G基站建设。到2025年，中心城区500米公交站点覆盖率达到100%，围绕城市体检8个方面开展评估，等3个示范片区。
"""


def test_names_with_numerals_are_not_targets() -> None:
    found = targets_of(NAMES)
    assert [(t.value, t.unit, t.indicator) for t in found] == [(100, "%", "500米公交站点覆盖率")]
    assert found[0].scope == "中心城区"


def test_without_outline_the_own_heading_scan_gives_sections() -> None:
    found = targets_of(CITY, with_outline=False)
    assert one(found, 120).section == ("完善城市基础设施",)
    assert [t.value for t in targets_of(PAST, with_outline=False)] == [100]


def test_no_targets_in_plain_prose() -> None:
    text = "各级各部门要充分认识推动城乡建设绿色发展的重要意义，加强组织领导，形成工作合力。"
    assert targets_of(text) == []


def test_one_character_lead_words_do_not_cut_compounds() -> None:
    found = targets_of("到2026年，缺水城市再生水利用率达到30%，共享单车停放点达到500个，均衡配置社区公园120处。")
    assert one(found, 30).indicator == "再生水利用率" and one(found, 30).scope == "缺水城市"
    assert one(found, 500).indicator.startswith("共享单车")
    assert "社区公园" in one(found, 120).indicator


SHARED_HEAD = """某某县城乡建设绿色发展实施方案
一、主要目标
到2025年，城市、县城污水处理厂污泥无害化处置率分别达到95%、90%，城市和县城公园绿化活动场地服务半径覆盖率分别达到85%和80%。
到2025年，货车、客车比例分别为1%、2%。
"""


def test_a_list_of_areas_before_one_indicator_gives_each_value_its_area_as_scope() -> None:
    found = targets_of(SHARED_HEAD)
    assert [(one(found, v).indicator, one(found, v).scope) for v in (95, 90)] == [
        ("污水处理厂污泥无害化处置率", "城市"), ("污水处理厂污泥无害化处置率", "县城")]
    # "城市和县" is not a place: the list is read, not cut as a scope
    assert [(one(found, v).indicator, one(found, v).scope) for v in (85, 80)] == [
        ("公园绿化活动场地服务半径覆盖率", "城市"), ("公园绿化活动场地服务半径覆盖率", "县城")]


def test_short_items_of_one_length_share_the_last_items_head() -> None:
    found = targets_of(SHARED_HEAD)
    assert one(found, 1).indicator == "货车比例" and one(found, 2).indicator == "客车比例"
