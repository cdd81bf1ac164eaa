"""The report's four narrative sections (一 基本情况 … 四 下步工作打算) drafted from its data by written rules.

Pure: the report (reports/midterm.py) holds everything the prose says — the plans, every target's status with its
figures, the scores by dimension, the supervision loop and the departments' own words. The draft reads like an
office's text: Chinese dates (2025年12月31日, 2025年底 for a year-end deadline), figures as people write them, no
tool name, no file path. Lists are capped (the most urgent first, then 等N项) so the body stays a few pages; the
office edits the draft afterwards (services/report_texts.py), and its text then stands in for the draft.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from greentrack.ledger.status import StatusRow
from greentrack.reports.cells import number, target_text
from greentrack.reports.midterm import (
    BEHIND,
    DONE,
    SECTION_KEYS,
    DepartmentWords,
    MidtermReport,
    NarrativeSection,
)
from greentrack.resolve.catalog import DIMENSIONS, get_indicator
from greentrack.track import STATUS_LABELS

SHOWN = 5  # items named per list before 等N项
# targets named per dimension in 二 and 三 (six dimensions): the body stays a few pages and the demo report ≤ 20
PER_DIMENSION = 2
QUOTE_LIMIT = 120  # characters of a department's own words quoted
OTHER = "其他"  # targets off the catalog: no dimension
URGENCY = ("overdue", "off_track", "regressing", "non_compliant", "lagging")  # most urgent first
TASK_STATES = {"not_started": ("未启动", "not started"), "in_progress": ("推进中", "in progress"),
               "done": ("已完成", "done"), "overdue": ("逾期", "overdue")}


def cn_date(day: date) -> str:
    """2025年12月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def en_date(day: date) -> str:
    """31 December 2025."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def deadline_text(day: date | None, lang: str = "zh") -> str:
    """A deadline as an office writes it: 2025年底 for 31 December, else the date (英: end of 2025)."""
    if day is None:
        return "期限未定" if lang == "zh" else "no set deadline"
    if (day.month, day.day) == (12, 31):
        return f"{day.year}年底" if lang == "zh" else f"the end of {day.year}"
    return cn_date(day) if lang == "zh" else en_date(day)


def issue_date_text(text: str | None, lang: str = "zh") -> str | None:
    """A plan's issue date as stored (2023-07-19, or already Chinese) in the report's form; None when unknown."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip()[:10])
    except ValueError:
        return text.strip()
    return cn_date(day) if lang == "zh" else en_date(day)


def _more(shown: list[str], total: int, lang: str, joiner: str = "；") -> str:
    """The items joined, with 等N项 when more were left out."""
    text = (joiner if lang == "zh" else "; ").join(shown)
    if total > len(shown):
        text += f"等{total}项" if lang == "zh" else f" and {total - len(shown)} more"
    return text


def _count(n: int, noun: str) -> str:
    """3 targets, 1 target."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _quote(text: str) -> str:
    text = " ".join(text.split()).rstrip("。.;；")
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT].rstrip() + "…"


def dimension_of(row: StatusRow) -> str:
    """The 城市体检 dimension of a target's catalog indicator (其他 off the catalog)."""
    indicator = get_indicator(row.record.indicator_id) if row.record.indicator_id else None
    return indicator.dimension if indicator else OTHER


def _dimension_name(dimension: str, lang: str) -> str:
    if lang == "zh":
        return dimension
    return DIMENSIONS.get(dimension, "other targets").capitalize()


def _name(row: StatusRow, report: MidtermReport) -> str:
    """The indicator, with its place when the place lies below the report's."""
    name = row.record.target.indicator
    if row.record.jurisdiction_code not in (None, report.place.code) and row.record.jurisdiction_name:
        return f"{row.record.jurisdiction_name}{name}"
    return name


def _latest(row: StatusRow, lang: str) -> str | None:
    value = row.assessment.latest_value
    if value is None:
        return None
    year = row.assessment.latest_period.year if row.assessment.latest_period else None
    figure = f"{number(value)}{row.tracked.target.unit}"
    if year is None:
        return figure
    return f"{figure}（{year}年）" if lang == "zh" else f"{figure} ({year})"


def _goal(row: StatusRow, lang: str) -> str:
    """The target with its year: 2025年目标（≥40%）."""
    target = row.record.target
    due = row.assessment.due
    year = due.year if due else target.year
    figure = target_text(target, lang)
    if lang == "zh":
        return f"{year}年目标（{figure}）" if year else f"目标（{figure}）"
    return f"the {year} target ({figure})" if year else f"the target ({figure})"


def _sort_key(row: StatusRow) -> tuple:
    return (row.assessment.due or date.max, row.record.target.indicator, row.record.id)


def _by_dimension(rows: Iterable[StatusRow]) -> dict[str, list[StatusRow]]:
    grouped: dict[str, list[StatusRow]] = defaultdict(list)
    for row in rows:
        grouped[dimension_of(row)].append(row)
    order = [*DIMENSIONS, OTHER]
    return {d: sorted(grouped[d], key=_sort_key) for d in order if grouped.get(d)}


def draft_sections(report: MidtermReport, lang: str = "zh") -> tuple[NarrativeSection, ...]:
    """The four sections drafted from the report's data, in SECTION_KEYS order."""
    drafts = {"basic": _basic, "progress": _progress, "problems": _problems, "plans": _plans}
    return tuple(NarrativeSection(key, tuple(p for p in drafts[key](report, lang) if p)) for key in SECTION_KEYS)


# 一、基本情况

def _basic(report: MidtermReport, lang: str) -> list[str]:
    zh = lang == "zh"
    plans = sorted(report.plans, key=lambda p: (p.issue_date or "", p.title or p.name, p.id))
    named = []
    for plan in plans[:SHOWN]:
        title = plan.title or plan.name
        issued = issue_date_text(plan.issue_date, lang)
        if zh:
            parts = [p for p in (plan.doc_number, f"{issued}印发" if issued else None) if p]
            named.append(f"《{title}》" + (f"（{'，'.join(parts)}）" if parts else ""))
        else:
            parts = [p for p in (plan.doc_number, f"issued {issued}" if issued else None) if p]
            named.append(f"“{title}”" + (f" ({', '.join(parts)})" if parts else ""))
    place, day = report.place.name, report.as_of
    targets = sum(p.targets for p in report.plans)
    tasks = sum(p.tasks for p in report.plans)
    tally = report.tally()
    rows = len(report.status.rows)
    out: list[str] = []
    if zh:
        out.append(f"{place}纳入本次中期评估的规划共{len(plans)}部：{_more(named, len(plans), lang, '、')}。"
                   f"上述规划共提出量化目标{targets}项、重点任务{tasks}项。" if plans else
                   f"{place}尚无纳入评估的规划。")
        out.append(f"本次评估以{cn_date(day)}为评估基准日，对{place}及所辖地区的{rows}项目标逐项评估："
                   f"已按期完成{tally['done']}项，逾期完成{tally['late']}项，正常推进{tally['on_track']}项，"
                   f"进度滞后或未完成{tally['behind']}项，暂无数据或趋势不明{tally['unknown']}项。")
    else:
        out.append(f"This evaluation covers {_count(len(plans), 'plan')} of {place}: "
                   f"{_more(named, len(plans), lang)}. Together they set {targets} quantified targets and "
                   f"{tasks} key tasks." if plans else f"{place} has no plan under evaluation yet.")
        out.append(f"The evaluation assesses {rows} targets of {place} and the places below it as of {en_date(day)}: "
                   f"{tally['done']} achieved on time, {tally['late']} achieved late, {tally['on_track']} on track, "
                   f"{tally['behind']} lagging or missed, and {tally['unknown']} without data or a clear trend.")
    score = report.own_score
    if score is not None and score.overall is not None:
        out.append(f"按城市体检评估维度综合评价，{place}综合得分{number(score.overall)}分，"
                   f"有监测数据的目标占{score.coverage:.0%}。" if zh else
                   f"Across the assessment dimensions {place} scores {number(score.overall)} overall; "
                   f"{score.coverage:.0%} of its targets have monitoring data.")
    out.append(_review_paragraph(report, lang))
    return out


def _review_paragraph(report: MidtermReport, lang: str) -> str:
    progress = report.review.values()
    confirmed = sum(p.confirmed for p in progress)
    corrected = sum(p.corrected for p in progress)
    unreviewed = report.unreviewed
    text = (f"目标经人工核对确认{confirmed}项、修正{corrected}项，" if lang == "zh" else
            f"Reviewers confirmed {confirmed} targets and corrected {corrected}; ")
    if unreviewed:
        text += (f"尚有{unreviewed}项未经审核，报告中标注“未审核”。" if lang == "zh" else
                 f"{unreviewed} have not been reviewed yet and are marked 未审核 (unreviewed).")
    else:
        text += "评估所用目标均已审核。" if lang == "zh" else "every target assessed has been reviewed."
    if report.illustrative:
        text += ("部分数值为示例数据，仅供演示。" if lang == "zh" else
                 " Some figures are illustrative (示例数据), for demonstration only.")
    return text


# 二、主要进展成效

def _progress(report: MidtermReport, lang: str) -> list[str]:
    zh = lang == "zh"
    good = [r for r in report.status.rows if r.assessment.status in (*DONE, "late_achieved", "on_track")]
    scores = {d.dimension: d.score for d in report.own_score.dimensions} if report.own_score else {}
    out: list[str] = []
    for dimension, rows in _by_dimension(good).items():
        rows = sorted(rows, key=lambda r: (r.assessment.status not in DONE, r.assessment.status == "on_track",
                                           *_sort_key(r)))
        phrases = [_good_phrase(r, report, lang) for r in rows[:PER_DIMENSION]]
        done = sum(1 for r in rows if r.assessment.status in (*DONE, "late_achieved"))
        score = scores.get(dimension)
        name = _dimension_name(dimension, lang)
        if zh:
            head = f"{name}方面，{len(rows)}项目标已完成或正常推进（其中已完成{done}项）"
            head += f"，维度得分{number(score)}分" if score is not None else ""
            out.append(f"{head}。{_more(phrases, len(rows), lang)}。")
        else:
            head = f"{name}: {_count(len(rows), 'target')} achieved or on track ({done} achieved)"
            head += f", dimension score {number(score)}" if score is not None else ""
            out.append(f"{head}. {_more(phrases, len(rows), lang)}.")
    if not good:
        out.append(f"截至{cn_date(report.as_of)}，尚无目标完成或正常推进。" if zh else
                   f"As of {en_date(report.as_of)} no target is achieved or on track.")
    out.append(_tasks_done(report, lang))
    return out


def _good_phrase(row: StatusRow, report: MidtermReport, lang: str) -> str:
    name, latest, goal = _name(row, report), _latest(row, lang), _goal(row, lang)
    status = row.assessment.status
    if lang == "zh":
        reached = f"{name}达到{latest}" if latest else name
        if status in DONE:
            return f"{reached}，已完成{goal}"
        if status == "late_achieved":
            return f"{reached}，逾期完成{goal}"
        return f"{name}为{latest}，正常推进，{goal}" if latest else f"{name}正常推进，{goal}"
    reached = f"{name} reached {latest}" if latest else name
    if status in DONE:
        return f"{reached}, meeting {goal}"
    if status == "late_achieved":
        return f"{reached}, meeting {goal} late"
    return f"{name} stands at {latest}, on track for {goal}" if latest else f"{name} is on track for {goal}"


def _tasks_done(report: MidtermReport, lang: str) -> str:
    tasks, items = report.loop.tasks, report.loop.items
    if not sum(tasks.values()) and not sum(items.values()):
        return ""
    if lang == "zh":
        text = (f"重点任务共{sum(tasks.values())}项，已完成{tasks.get('done', 0)}项，"
                f"推进中{tasks.get('in_progress', 0)}项。")
        if items.get("closed"):
            text += f"督办事项已办结销号{items['closed']}项。"
        return text
    text = (f"Of {sum(tasks.values())} key tasks, {tasks.get('done', 0)} are done and "
            f"{tasks.get('in_progress', 0)} in progress.")
    if items.get("closed"):
        text += f" {items['closed']} supervision items (督办) have been closed."
    return text


# 三、存在问题及原因

def _problems(report: MidtermReport, lang: str) -> list[str]:
    zh = lang == "zh"
    behind = [r for r in report.status.rows if r.assessment.status in BEHIND]
    out: list[str] = []
    for dimension, rows in _by_dimension(behind).items():
        rows = sorted(rows, key=lambda r: (URGENCY.index(r.assessment.status) if r.assessment.status in URGENCY
                                           else len(URGENCY), *_sort_key(r)))
        phrases = [_behind_phrase(r, report, lang) for r in rows[:PER_DIMENSION]]
        name = _dimension_name(dimension, lang)
        out.append(f"{name}方面，{len(rows)}项目标进度滞后或未完成。{_more(phrases, len(rows), lang)}。" if zh else
                   f"{name}: {_count(len(rows), 'target')} lagging or missed. {_more(phrases, len(rows), lang)}.")
    if not behind:
        out.append("评估的目标中暂无进度滞后或逾期未完成的情况。" if zh else
                   "No target assessed lags or was missed.")
    unknown = report.tally()["unknown"]
    if unknown:
        out.append(f"另有{unknown}项目标暂无监测数据或趋势不明，数据报送和统计监测有待加强。" if zh else
                   f"{unknown} further targets have no monitoring data or no clear trend: reporting and "
                   "monitoring need strengthening.")
    late = [(name, due, states.get("late", 0)) for name, due, states in sorted(report.loop.cycles,
                                                                            key=lambda c: (c[1], c[0]))
            if states.get("late")]
    if late:
        named = [f"{name}（{deadline_text(due, lang)}截止）{n}个部门逾期未报" if zh else
                 f"{n} departments late for {name} (due {deadline_text(due, lang)})" for name, due, n in late[:SHOWN]]
        out.append(f"数据报送不够及时：{_more(named, len(late), lang)}。" if zh else
                   f"Reporting is late: {_more(named, len(late), lang)}.")
    overdue = report.loop.tasks.get("overdue", 0)
    if overdue:
        out.append(f"重点任务中有{overdue}项已过完成时限仍未完成。" if zh else
                   f"{overdue} key tasks are past their deadline and not done.")
    words = sorted((w for w in report.loop.words if w.problems.strip()),
                   key=lambda w: (w.department, w.subject, w.problems))
    if words:
        quoted = [_said(w, lang) for w in words[:SHOWN]]
        out.append(f"从责任部门反馈看，{_more(quoted, len(words), lang)}。" if zh else
                   f"The departments responsible explain: {_more(quoted, len(words), lang)}.")
    return out


def _behind_phrase(row: StatusRow, report: MidtermReport, lang: str) -> str:
    name, latest, goal = _name(row, report), _latest(row, lang), _goal(row, lang)
    status = row.assessment.status
    completion = row.assessment.completion
    if lang == "zh":
        label = STATUS_LABELS[status][0]
        text = f"{name}为{latest}，{label}" if latest else f"{name}{label}"
        if completion is not None and 0 <= completion < 1:
            text += f"，完成率{completion:.0%}"
        return f"{text}，距{goal}尚有差距" if status != "overdue" else f"{text}，未能完成{goal}"
    label = STATUS_LABELS[status][1]
    text = f"{name} stands at {latest}, {label}" if latest else f"{name} is {label}"
    if completion is not None and 0 <= completion < 1:
        text += f", {completion:.0%} complete"
    return f"{text}, short of {goal}" if status != "overdue" else f"{text}, having missed {goal}"


def _said(words: DepartmentWords, lang: str) -> str:
    if lang == "zh":
        return f"{words.department}就{words.subject}反映：“{_quote(words.problems)}”"
    return f"{words.department} on {words.subject}: “{_quote(words.problems)}”"


# 四、下步工作打算

def _plans(report: MidtermReport, lang: str) -> list[str]:
    zh = lang == "zh"
    out: list[str] = []
    items = sorted(report.loop.open_items, key=lambda i: (i[2], i[0]))
    if items:
        named = [f"“{title}”（{deadline_text(due, lang)}前答复）" if zh else f"“{title}” (answer by {en_date(due)})"
                 for _, title, due, _ in items[:SHOWN]]
        out.append(f"紧盯督办事项整改落实，{len(items)}项督办事项尚未办结：{_more(named, len(items), lang, '、')}，"
                   "逐项跟踪答复和整改情况，按期办结销号。" if zh else
                   f"Follow up the {len(items)} open supervision items (督办): {_more(named, len(items), lang)}, "
                   "tracking each answer and remedy until it is closed.")
    upcoming = sorted((r for r in report.status.rows if r.assessment.status not in (*DONE, "late_achieved")
                       and r.assessment.due is not None and r.assessment.due >= report.as_of), key=_sort_key)
    if upcoming:
        named = [(f"{deadline_text(r.assessment.due, lang)}前{_name(r, report)}实现{target_text(r.record.target)}"
                  if zh else f"{_name(r, report)} to reach {target_text(r.record.target, lang)} by "
                  f"{deadline_text(r.assessment.due, lang)}") for r in upcoming[:SHOWN]]
        out.append(f"对照规划目标时限倒排工期：{_more(named, len(upcoming), lang)}。对进度滞后的目标加密调度，"
                   "确保按期完成。" if zh else
                   f"Work back from the plans' deadlines: {_more(named, len(upcoming), lang)}. Lagging targets "
                   "are followed up more often so that they are met on time.")
    words = sorted((w for w in report.loop.words if w.measures.strip()),
                   key=lambda w: (w.complete_by or date.max, w.department, w.subject))
    if words:
        measures = [_measure(w, lang) for w in words[:SHOWN]]
        out.append(f"各责任部门提出的整改措施：{_more(measures, len(words), lang)}。" if zh else
                   f"The departments' stated measures: {_more(measures, len(words), lang)}.")
    out.append("下一步，将坚持年度体检评估，完善数据报送和调度机制，对滞后目标和逾期任务挂牌督办，推动规划目标任务全面落实。"
               if zh else "Next, the annual evaluation continues, data reporting and follow-up are tightened, and "
               "lagging targets and overdue tasks are placed under supervision until the plans are delivered.")
    return out


def _measure(words: DepartmentWords, lang: str) -> str:
    if lang == "zh":
        by = f"，{deadline_text(words.complete_by, lang)}前完成" if words.complete_by else ""
        return f"{words.department}就{words.subject}“{_quote(words.measures)}”{by}"
    by = f", by {deadline_text(words.complete_by, lang)}" if words.complete_by else ""
    return f"{words.department} on {words.subject}: “{_quote(words.measures)}”{by}"


def with_edits(drafts: Sequence[NarrativeSection],
               edits: Mapping[str, tuple[str, str, datetime]]) -> tuple[NarrativeSection, ...]:
    """The drafts with the office's edited text (section key → text, who, when) standing in where it wrote one."""
    merged = []
    for draft in drafts:
        edit = edits.get(draft.key)
        merged.append(draft if edit is None else NarrativeSection(draft.key, paragraphs_of(edit[0]), edit[1], edit[2]))
    return tuple(merged)


def section_text(section: NarrativeSection) -> str:
    """A section as editable text: its paragraphs separated by blank lines."""
    return "\n\n".join(section.paragraphs)


def paragraphs_of(text: str) -> tuple[str, ...]:
    """An edited text's paragraphs: split at line breaks, blank lines dropped, each trimmed."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def sections_text(sections: Sequence[NarrativeSection], lang: str = "zh") -> str:
    """The sections as plain text with their numbered titles (一、基本情况 …), for `report --draft`."""
    from greentrack.reports.midterm import SECTION_TITLES

    numerals = "一二三四"
    blocks = []
    for position, section in enumerate(sections):
        zh, en = SECTION_TITLES[section.key]
        title = f"{numerals[position]}、{zh}" if lang == "zh" else f"{position + 1}. {en}"
        blocks.append(title + "\n\n" + section_text(section))
    return "\n\n".join(blocks) + "\n"
