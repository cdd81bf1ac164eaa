"""Word lists the extractor reads plans with: comparators, hedges, scopes, verbs.

They are general Chinese plan vocabulary, not the wording of any one plan. Each list is a
compiled regex so a clause is tested in one call.
"""

from __future__ import annotations

import re


def _words(*words: str) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Comparator words that end the text before a number, with the comparator they mean.
COMPARATORS: dict[str, str] = {
    **dict.fromkeys(["达到", "达", "不低于", "不少于", "不小于", "超过", "超", "突破", "提高到", "提高至",
                     "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "上升到", "上升至",
                     "扩大到", "扩大至", "达到了", "力争达到", "≥", "不得低于", "不应低于", "不宜低于",
                     "至少", "最低", "增至", "提至", "达至"], ">="),
    **dict.fromkeys(["不高于", "不超过", "不大于", "不多于", "控制在", "降低到", "降低至", "降到", "降至",
                     "下降到", "下降至", "减少到", "减少至", "压减到", "压减至", "压缩到", "压缩至", "≤",
                     "不得高于", "不得超过", "不应超过", "不宜超过", "最多", "最高不超过", "控制到"], "<="),
    **dict.fromkeys(["小于", "低于", "<", "＜"], "<"),
    **dict.fromkeys(["大于", "高于", "多于", ">", "＞"], ">"),
    **dict.fromkeys(["稳定在", "保持在", "稳定", "保持", "维持在", "为", "是", "按照", "按", "以",
                     "执行", "占", "约为"], "="),
}
COMPARATOR_TAIL_RE = re.compile(rf"(?:{_words(*COMPARATORS)})$")
# "达到总规模的" / "占新建建筑面积的": a comparator followed by the whole a share is taken of.
COMPARATOR_INSIDE_RE = re.compile(
    rf"(?P<verb>{_words(*(w for w, c in COMPARATORS.items() if c != '=' and len(w) > 1), '占')})"
    rf"[^，；。\d]{{1,12}}的$"
)

# A change against a reference: "比2020年下降", "较2020年降低", "累计下降".
CHANGE_TAIL_RE = re.compile(
    r"(?:(?P<ref>比|较|与|相比|对比|相较)(?:(?P<refyear>(?:19|20)\d{2})\s?年(?:底|末)?)?"
    r"(?:相比|基础上|水平|的基础上)?)?(?:累计|年均|平均|分别)?"
    r"(?P<dir>下降|降低|减少|削减|压减|缩减|降|减|增长|提高|提升|上升|增加|增)(?:了)?$"
)
DECREASE = ("下降", "降低", "减少", "削减", "压减", "缩减", "降", "减")

# Words after the number that qualify it.
QUALIFIER_RE = re.compile(r"^(?:及以上|以上|及以下|以下|以内|之内|左右|上下|为主|为宜|及其以上)")
QUALIFIER_COMPARATOR = {"及以上": ">=", "以上": ">=", "及其以上": ">=", "及以下": "<=", "以下": "<=",
                        "以内": "<=", "之内": "<="}

HEDGE_RE = re.compile(_words("力争", "争取", "努力", "力求", "原则上", "鼓励", "提倡", "尽可能", "尽量", "倡导",
                             "积极推进", "有条件的"))
# Hedges that cover only the clause they open ("支持A按照二星级标准建设"), not the parallel clauses after it.
CLAUSE_HEDGE_RE = re.compile("支持")
# Encouragements of an activity ("鼓励发展生态种植"): they hedge what their own clause asks, never a target
# a later clause of the sentence sets.
ENCOURAGE_RE = re.compile(_words("鼓励", "提倡", "倡导"))
MODAL_RE = re.compile(r"(?:应当|必须|须|应|不得|严禁|要求)$")

# Scopes written in front of an indicator. 全X/各X are cut from the indicator; the others stay
# in it (城市污水处理率) but are recorded as the scope.
SCOPE_CUT_RE = re.compile(
    r"^(?:全[省市县区州盟旗镇乡域国]|各[省市县区州旗]|[我本][省市县区]|[\u4e00-\u9fff](?:(?![和及与])[\u4e00-\u9fff]){1,2}[省市县](?=[\u4e00-\u9fff]{3}))"
)
SCOPE_KEEP_RE = re.compile(r"^(?:县城)(?=[一-龥]{2})")
# Areas written in front of an indicator that narrow where it applies: cut and kept as the scope.
SCOPE_AREA_RE = re.compile(
    r"^(?:[一-龥]{1,4}政府所在(?:地|城市)(?:城区)?|地级及以上城市|设区的?市|县级以上城市|缺水城市|中心城区|主城区|老城区|"
    r"县城建成区|城市建成区|规划建成区|建成区|城区|[一-龥]{2,8}(?:新区|开发区|园区)(?=[一-龥]{2}))"
)

# Verbs that create or complete things: a number they govern is an amount added.
ACTION_VERBS = _words("新建", "新改建", "改扩建", "新增", "建成", "建设", "完成", "实施", "改造", "累计",
                      "培育", "打造", "创建", "启动", "开展", "放流", "新开工", "开工", "种植", "植树", "栽植",
                      "新培育", "建立",
                      "推广", "整治", "治理", "修复", "新改扩建", "配建", "安装", "更新", "新上", "淘汰",
                      "关停", "提升改造", "推行", "实现", "形成", "计划改造", "计划完成", "共建", "新造",
                      "选择", "选取", "遴选", "评选")
ACTION_HEAD_RE = re.compile(rf"^(?:计划|预计|力争|争取|共|再)?(?:{ACTION_VERBS})")
ACTION_TAIL_RE = re.compile(rf"(?:{ACTION_VERBS})$")
# Verbs that create what they govern: "建设X达到230万平方米" is an amount added even with a comparator.
CREATE_HEAD_RE = re.compile(r"^(?:计划|预计|力争|争取|共|再)?(?:新建|新改建|改扩建|新增|建设|建成|完成|改造|累计|"
                            r"培育|打造|创建|种植|植树|推广|新开工|开工|放流|增殖放流|选择|选取|遴选|评选)")
# "至少创建1个": a lower bound written before the action verb instead of before the number.
BOUND_BEFORE_ACTION_RE = re.compile(rf"(?P<bound>至少|最少|不少于)(?:{ACTION_VERBS})$")
# Indicators of a stock held rather than an amount added: "装机总量", "保有量", "处理能力".
STOCK_RE = re.compile(r"(?:总量|保有量|总规模|能力|容量)$")
# "X面积" in an area unit: an area done over the period (not 人均…面积, a level).
AREA_TOTAL_RE = re.compile(r"面积$")
AREA_UNIT_RE = re.compile(r"平方米|亩|公顷|平方公里|平方千米")
# "完成总体目标…的40%": the share of a total to be done.
SHARE_DONE_RE = re.compile(r"^(?:计划|预计)?完成[^，；。]*的$")
# Words in an indicator name that make its amount a flow over the period.
CUMULATIVE_WORD_RE = re.compile(r"新增|累计|改造|推广|新建|新改建|建成|完成|治理面积|修复面积|造林")

# Action verbs that open a clause; 新增 and 累计 stay: they are part of indicator names.
# 新建 before a class of buildings is the class's name (新建建筑中绿色建筑占比), not the verb that opens a clause.
_LEAD_ACTIONS = "|".join(v if v != "新建" else "新建(?!(?:民用|公共|居住|工业)?建筑|住宅|小区)"
                         for v in ACTION_VERBS.split("|") if v not in ("新增", "累计"))
# Verbs and adverbs that open a clause without being part of the indicator.
LEAD_WORDS_RE = re.compile(
    # One-character function words are cut only where they do not open a compound (再生水, 共享, 均衡).
    rf"^(?:(?:[一二三四五六七八九十]是|其中|并且|并(?!网)|且|和(?!谐)|及(?!时)|与(?!会)|同时|使(?!用)|让|将(?!来)|把|"
    rf"要(?!素)|确保|力争|争取|努力|力求|基本|全面|进一步|"
    rf"持续|大力|积极|逐步|加快|实现|推动|推进|保持|保障|加强|继续|原则上|鼓励|提倡|所有|各类|各种|全部|"
    rf"按照|按(?!需)|对(?!外)|落实|执行|强制|严格|计划|预计|共(?!享|建|同|用)|再(?!生|造|利用)|最高|最低|最多|最少|"
    rf"总体|整体|平均|年均|上述|以上|均(?!衡|等)|都(?!市)|"
    rf"{_LEAD_ACTIONS})+)"
)
TRAIL_WORDS_RE = re.compile(
    r"(?:各?(?:完成|新增|建成|建设|改造|实施)(?=$)|要|应当|应有|应|须|必须|需|将|均|都|总体水平|水平要|力争|争取|努力|基本|全面|稳步|逐步|进一步|持续|"
    r"分别|平均|年均|累计|最高|最低|的|在|由|从|全部|总体|按照|按|执行)+$"
)
# A clause that only picks out which projects a rule covers.
CONDITION_HEAD_RE = re.compile(r"^(?:对于|对|凡是?|针对|其他|凡属)")
CONDITION_CLAUSE_RE = re.compile(r"^(?:对于|凡是?|针对)")

# Sentences that compute or forecast rather than commit.
FORECAST_RE = re.compile(r"测算|预测|估算|假设|乘以|除以|可能达到|预计可能|按[^，。；]{0,12}考虑|预计[^，。；]{0,20}将|"
                         r"速率递[增减]")
# Clauses about research or preparation: a number in them names the subject studied ("研究83%节能标准实施路径").
STUDY_RE = re.compile(r"研究|探索|课题|技术路径|技术支撑|可行性")
# Clauses that grant an allowance or an incentive: not targets.
ALLOWANCE_RE = re.compile(r"可以|可申请|可按|可对|可不|可给予|可享受|可获|给予|奖励|补贴|补助|奖补|贷款|上浮|下浮|"
                          r"减免|颁发|不计入|核减|返还")
# "…以上的既有建筑": a number qualifying the projects a rule covers.
CONDITION_AFTER_RE = re.compile(
    r"^的?(?![（(])[^，；。（(]{0,16}?(?:企业|项目|建筑|小区|城市|城区|单位|园区|工程|区域|地区|住宅|房屋|场所|楼宇|工厂|用户|"
    r"车辆|地块|用地|医院|学校|宾馆|酒店|商场)"
)
# A list of places in front of an indicator ("A区、B区、C县的…比例"): cut off as the scope. Each item ends in a
# generic administrative suffix; 小区/社区/园区/城区 are not places of this kind.
_PLACE_ITEM = r"[\u4e00-\u9fff]{1,10}?(?:省|市|县|(?<![小社园城景街矿营校厂库辖])区|州|盟|旗|镇|乡)"
PLACE_LIST_RE = re.compile(rf"^{_PLACE_ITEM}(?:[、和及与]{_PLACE_ITEM})*的")
# A place written where an indicator would be: the clause restates the last indicator for it.
PLACE_RE = re.compile(
    r"^[\u4e00-\u9fff、和及]{1,40}(?:省|市|县|(?<![小社园城景街矿营校厂库辖])区|州|盟|旗|镇|乡|地区|城镇群|都市圈|城市群)$"
)
ANAPHORA_RE = re.compile(r"^(?:该|此|上述|这一|这个)(?:比例|指标|比重|数值|目标|值|占比)?$")
# "由65%提升至75%": the first number is the baseline of the second.
BASELINE_BEFORE_RE = re.compile(r"(?:由|从)(?:(?P<year>(?:19|20)\d{2})\s?年(?:底|末)?(?:的)?)?$")
BASELINE_AFTER_RE = re.compile(
    r"^(?:的水平)?(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|压减|压缩|降|升|增)(?:到|至|为)"
)
# Numbers directly after these are not quantities of a target.
NOT_AFTER = ("第", "等", "约", "约为", "近", "前", "每", "连续", "逾", "共计", "总计", "合计", "年产",
             "—", "-", "~", "～")
# Units that count things ("5个", "1.7万个"): a count names what it counts, never a size that picks out projects.
COUNT_UNIT_RE = re.compile(r"^[万亿千百]?(?:个|座|处|家|所|项|条|栋|幢|台|套|辆|张|件|名|户|批|片|艘|株|棵)$")
# A list closed by 等 before a count: "完成A、B、C等5个基地建设" counts the listed places.
LISTED_RE = re.compile(r"等地?$")
# Units that measure a time span or an age: never an amount created by a verb.
DURATION_UNITS = {"分钟", "小时", "天", "岁", "年一遇"}
# Units of time and distance that a value-first clause reaches within ("5分钟换乘", "500米乘车"): at most.
REACH_UNITS = {"分钟", "小时", "米", "公里"}
# Units of rates, grades and rules: never cumulative.
RATE_UNITS = {"%", "‰", "百分点", "个百分点", "星级", "层", "年一遇", "倍", ""}
# A table's amounts: measured per something, or stocks and scales, are levels rather than amounts added; a
# consumption or emission total is a ceiling.
LEVEL_AMOUNT_RE = re.compile(r"人均|单位|平均|每|密度|强度|总量|规模|保有量|存量|年产值|产值|利用率")
CEILING_RE = re.compile(r"(?:消费|消耗|用能|能耗|排放|用水)总量|总量控制")
# Words that name a measure (率, 占比, 面积…): a name without one is a thing or a part, not what is measured.
MEASURE_WORD_RE = re.compile(r"率|比例|比重|占比|覆盖|指数|浓度|强度|天数|水平|能耗|排放|利用|面积|规模|总量")
# An area in brackets right after a value (after 以上/左右 if any): the value's scope ("70%以上（中心城区）",
# "30%（全省）、35%（重点推进地区）").
BRACKETED_AREA_RE = re.compile(
    r"(?:以上|以下|左右)?[（(]([\u4e00-\u9fff、]{0,10}(?:省|市|县|区|镇|乡|地区|城区|区域|县城|城市|农村|城镇))[）)]")
# Indicators where lower is better: a table's target value is a ceiling.
LOWER_BETTER_RE = re.compile(r"浓度|漏损率|能耗|排放|用水量|强度|发生率|死亡率|空置率|损失|事故|污染|劣[ⅤV]类")
# Phrases that mark a past fact rather than a plan.
PAST_RE = re.compile(r"已经|已|曾|累计完成了|完成了|达到了|提高了|下降了|增长了|减少了|建成了|同比|比上年|较上年")
