"""Every word the reports and the Excel 台账 print, in Chinese (the default) and English, and the status colours.

In English a domain term keeps its Chinese beside it (supervision list 督办清单): the plans, the
departments and the people a report is handed to use the Chinese word. Content taken from the plans
(indicator names, quotes) stays as written; the analyses' explanations come in both languages.
"""

from __future__ import annotations

from greentrack.resolve.catalog import DIMENSIONS
from greentrack.track import SEVERITY_LABELS, STATUS_LABELS

LANGS = ("zh", "en")

# One colour per status, the dashboard's palette: greens good, ambers slipping, reds bad, greys unknown.
STATUS_COLOURS = {
    "achieved": "#2e7d32", "late_achieved": "#827717", "on_track": "#66bb6a", "lagging": "#f9a825",
    "off_track": "#ef6c00", "regressing": "#c62828", "overdue": "#8e24aa", "no_data": "#9e9e9e", "no_trend": "#bdbdbd",
    "compliant": "#00897b", "non_compliant": "#d84315",
}

# key → (Chinese, English)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("{place}绿色发展规划实施中期评估报告",
              "Mid-term evaluation of {place}'s green-development plans 中期评估报告"),
    "as_of": ("统计日期：{date}", "As of {date}"),
    "illustrative": ("本报告部分数值为示例数据（虚构的演示数值），不代表真实监测结果。",
                     "Some figures in this report are 示例数据: made-up demo values, not real monitoring data."),
    "summary.unreviewed": ("其中{n}项目标为机器抽取、尚未经人工审核的结果，表中标“未审核”。",
                           "{n} of the targets are machine output nobody has reviewed yet, marked 未审核 "
                           "(unreviewed) in the tables."),
    "summary.reviewed_all": ("全部目标均已经人工审核。", "Every target has been reviewed by a person."),
    "review.progress": ("确认{confirmed} · 修正{corrected} · 补录{added} · 剔除{rejected} · 未审核{to_review}",
                        "{confirmed} confirmed · {corrected} corrected · {added} added · {rejected} rejected · "
                        "{to_review} unreviewed 未审核"),
    "review.mark": ("（未审核）", " (unreviewed 未审核)"),
    "col.review": ("审核", "Review 审核"),
    "summary.no_score": ("尚无可评分的目标（均无监测数据或仅有一期数据）。",
                         "No target can be scored yet (no observations, or one only)."),
    "summary.by_status": ("表1 目标进展状态统计", "Table 1. Targets by status"),
    "summary.by_dimension": ("表2 分维度得分（城市体检式评价）", "Table 2. Scores per dimension (城市体检)"),
    "chart.status": ("图1 目标进展状态", "Figure 1. Targets by status"),
    "chart.dimensions": ("图1 分维度得分", "Figure 1. Score per dimension"),
    "chart.timeline": ("图3 各年度到期的目标与任务", "Figure 3. Targets and tasks due per year"),
    "col.status": ("进展状态", "Status 进展状态"),
    "col.count": ("目标数", "Targets"),
    "col.share": ("占比", "Share"),
    "col.dimension": ("维度", "Dimension 维度"),
    "col.score": ("得分", "Score"),
    "col.with_data": ("有数据", "With data"),
    "col.coverage": ("覆盖率", "Coverage"),
    "col.place": ("地区", "Place 地区"),
    "col.overall": ("综合得分", "Overall"),
    "col.number": ("序号", "No."),
    "col.indicator": ("指标", "Indicator 指标"),
    "col.target": ("目标值", "Target 目标值"),
    "col.due": ("完成时限", "Due 完成时限"),
    "col.latest": ("当前值", "Latest 当前值"),
    "col.lead": ("牵头/责任单位", "Responsible 牵头/责任单位"),
    "col.completion": ("完成率", "Completion 完成率"),
    "col.severity": ("预警等级", "Warning 预警等级"),
    "col.message": ("预警内容", "Why"),
    "col.role": ("职责", "Role"),
    "col.kind": ("类型", "Kind"),
    "col.second": ("文件二及原文", "Second plan and its words"),
    "col.explanation": ("说明", "Explanation 说明"),
    "col.when": ("时间", "When"),
    "col.item": ("事项", "Item"),
    "col.plan": ("规划", "Plan"),
    "col.year": ("年份", "Year"),
    "col.issued": ("印发日期", "Issued"),
    "col.phrase": ("原文表述", "As written"),
    "col.handed_down": ("上级目标", "Set above"),
    "supervision.none": ("当前没有需要督办的目标。", "Nothing needs supervision now."),
    "lead": ("牵头", "lead 牵头"),
    "support": ("配合", "supporting 配合"),
    "contradictions.intro": ("同一地区不同规划（或同一规划不同段落）对同一指标、同一年份提出了不一致的目标，"
                             "建议核实统一。",
                             "Plans of the same place state different numbers for the same indicator and "
                             "year; they should be reconciled."),
    "contradictions.none": ("未发现规划间不一致的目标。", "No contradiction between the plans was found."),
    "decomposition.weaker": ("下级目标低于上级", "Lower-level targets weaker than the level above"),
    "decomposition.shortfalls": ("下级合计不足上级", "Lower levels adding up to less than the level above"),
    "decomposition.uncovered": ("上级目标未被下级规划承接", "Targets no lower level takes up"),
    "decomposition.undecided": ("未定分解数值（如“完成市分解任务”）", "Rows awaiting a number from above "
                                                                "(完成市分解任务)"),
    "decomposition.none": ("未发现分解落实方面的问题。", "No decomposition finding."),
    "kind.target": ("指标", "target"),
    "kind.task": ("任务", "task"),
    "doc.title": ("关于{subject}中期评估情况的报告", "Report on the mid-term evaluation of {subject}"),
    "doc.places_plans": ("{place}绿色发展规划实施", "{place}'s green-development plans"),
    "doc.plan": ("{title}", "the plan 《{title}》"),
    "doc.section": ("{n}、{title}", "{n}. {title}"),
    "doc.recipients": ("{names}：", "To: {names}"),
    "doc.copies": ("抄送：{names}。", "Copy to 抄送: {names}."),
    "doc.annex_note": ("附件：", "Annexes: "),
    "doc.annex": ("附件{n}", "Annex {n}"),
    "annex.targets": ("指标完成情况表", "Targets and their completion (指标完成情况表)"),
    "annex.tasks": ("任务完成情况表", "Tasks and their state (任务完成情况表)"),
    "annex.duties": ("部门职责分工表", "Departments' responsibilities (部门职责分工表)"),
    "annex.docket": ("督办清单", "Supervision list (督办清单)"),
    "fallback.basic": ("纳入评估的规划{plans}份，量化目标{targets}项。截至{date}，已完成或符合标准{done}项，"
                       "逾期完成{late}项，正常推进{on_track}项，滞后、逆向或逾期未完成{behind}项，"
                       "暂无数据或趋势不明{unknown}项。",
                       "Plans: {plans}; quantitative targets: {targets}. As of {date}: {done} achieved or "
                       "compliant, {late} achieved late, {on_track} on track, {behind} lagging, off track, "
                       "regressing or overdue, {unknown} without data or trend."),
    "fallback.progress": ("截至{date}，{done}项目标已完成或符合标准，{on_track}项正常推进。",
                          "As of {date}, {done} targets are achieved or compliant and {on_track} on track."),
    "fallback.score": ("综合得分{score}分（满分100），各维度得分见表2。",
                       "The overall score is {score} of 100; Table 2 gives each dimension's."),
    "fallback.problems": ("{behind}项目标进度滞后、逆向变化或逾期未完成，{unknown}项暂无监测数据或趋势不明，"
                          "{warned}项目标已列入督办清单（附件4）。",
                          "{behind} targets are lagging, regressing or overdue, {unknown} lack data or a trend, "
                          "and {warned} are on the supervision list (Annex 4)."),
    "fallback.plans": ("下一步，对列入督办清单的{warned}项目标逐项明确牵头和配合单位、限期整改，"
                       "按期更新监测数据，确保规划目标按期完成。",
                       "Next, each of the {warned} targets on the supervision list gets its lead and supporting "
                       "departments and a deadline, and the observations are updated on time."),
    "col.baseline": ("基期值", "Baseline 基期值"),
    "col.task": ("任务", "Task 任务"),
    "col.state": ("进展情况", "State 进展情况"),
    "col.lead_only": ("牵头单位", "Lead 牵头单位"),
    "col.support": ("配合单位", "Supporting 配合单位"),
    "col.departments": ("责任单位", "Departments 责任单位"),
    "docket.intro": ("以下目标出现预警，列入督办清单，由责任单位（牵头单位，无牵头单位的为规划所列单位）限期整改；"
                     "各目标的配合单位见附件3。",
                     "These targets are warned and on the supervision list; the responsible departments (the lead "
                     "牵头 ones, else those the plan names) answer for them; Annex 3 gives the supporting ones."),
    "tasks.none": ("规划中没有写明完成时限的任务。", "No task states a deadline."),
    "task.not_started": ("未开始", "not started 未开始"),
    "task.in_progress": ("推进中", "in progress 推进中"),
    "task.done": ("已完成", "done 已完成"),
    "task.overdue": ("逾期", "overdue 逾期"),
    "none": ("—", "—"),
    "page": ("第 {n} 页", "page {n}"),
}


def word(key: str, lang: str = "zh", **values: object) -> str:
    """The words for `key` in `lang`, placeholders filled."""
    text = WORDS[key][LANGS.index(lang)]
    return text.format(**values) if values else text


def status_word(status: str, lang: str = "zh") -> str:
    """A status in `lang`; English keeps the Chinese beside (lagging 进度滞后)."""
    zh, en = STATUS_LABELS[status]
    return zh if lang == "zh" else f"{en} {zh}"


def severity_word(severity: str, lang: str = "zh") -> str:
    """A warning level in `lang` (红色预警 / red 红色预警)."""
    zh, en = SEVERITY_LABELS[severity]
    return zh if lang == "zh" else f"{en} {zh}"


def dimension_word(dimension: str, lang: str = "zh") -> str:
    """A catalog dimension in `lang` (生态宜居 / ecology 生态宜居)."""
    english = DIMENSIONS.get(dimension)
    return dimension if lang == "zh" or not english else f"{english} {dimension}"


def check_lang(lang: str) -> str:
    """`lang` when it is one the reports speak; else a UsageError naming the choices."""
    from greentrack.errors import UsageError

    if lang not in LANGS:
        raise UsageError(f"unknown report language {lang!r} — use one of {', '.join(LANGS)}")
    return lang
