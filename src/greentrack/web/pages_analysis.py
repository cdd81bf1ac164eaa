"""The analyses in the dashboard: a page each for contradictions, decomposition, ambition, roadmap and evaluation,
and an index with the 中期评估报告 downloads.

Each page parses its query, makes the same service call as the CLI command and the API route, and
renders a template under `templates/analysis/` with the analyse stage's records. Labels are here (zh and
en, the domain term kept beside the English) so the shared label table stays the dashboard's own.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from greentrack.analyse import AmbitionRanking, JurisdictionScore, Timeline, radar_chart
from greentrack.errors import GreentrackError
from greentrack.ledger.analysis import catalog_indicator
from greentrack.reports.cells import target_text
from greentrack.services.analysis import (
    compare_indicator,
    ledger_ambition,
    ledger_contradictions,
    ledger_decomposition,
    ledger_evaluation,
    ledger_timeline,
)
from greentrack.services.documents import list_documents
from greentrack.services.jobs import submit_report
from greentrack.web import i18n
from greentrack.web.auth import who_of
from greentrack.web.pages_charts import FONT, as_json
from greentrack.web.pages_common import as_of_of, error_page, lang_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)

LABELS: dict[str, tuple[str, str]] = {
    "index": ("规划分析", "Analysis 规划分析"),
    "index.intro": ("跨规划、跨层级的比对与评价，以及中期评估报告。",
                    "Comparisons across plans and levels, evaluation, and the mid-term report 中期评估报告."),
    "contradictions": ("规划间矛盾", "Contradictions 规划间矛盾"),
    "contradictions.help": ("同一地区的规划对同一指标、同一年份提出了不一致的数值。",
                            "Plans of one place that set different numbers for the same indicator and year."),
    "contradictions.none": ("未发现规划间矛盾。", "No contradiction found."),
    "decomposition": ("分解落实", "Decomposition 分解落实"),
    "decomposition.help": ("下级目标是否承接上级：弱于上级、合计不足、未承接、未定分解数值。",
                           "Whether lower levels take up what was set above: weaker, short, missing, undecided."),
    "decomposition.weaker": ("下级目标低于上级", "Weaker than the level above"),
    "decomposition.shortfalls": ("下级合计不足上级", "Lower levels add up to less"),
    "decomposition.uncovered": ("上级目标未被下级承接", "Not taken up below"),
    "decomposition.undecided": ("未定分解数值（完成上级分解任务）", "Awaiting a number from above (完成市分解任务)"),
    "decomposition.none": ("无", "none"),
    "ambition": ("目标力度", "Ambition 目标力度"),
    "ambition.help": ("同一指标下各地区目标的横向排名（同一年份、口径、单位）。",
                      "Places ranked by their target on one indicator (same year, scope and unit)."),
    "ambition.none": ("该指标没有可比较的目标。", "No comparable target on this indicator."),
    "timeline": ("路线图", "Roadmap 路线图"),
    "timeline.help": ("按年、月列出目标与任务的完成时限。", "Every deadline of targets and tasks, by year and month."),
    "timeline.undated": ("未写明年份：指标 {targets} 项，任务 {tasks} 项。",
                         "Without a year: {targets} targets, {tasks} tasks."),
    "evaluation": ("城市体检式评价", "Evaluation 城市体检式评价"),
    "evaluation.help": ("按各维度目标的进展状态计分（0–100），各维度等权；覆盖率为有数据的目标占比。",
                        "0–100 per dimension from the targets' statuses, dimensions weighted equally; coverage is "
                        "the share of targets with data."),
    "report": ("中期评估报告", "Mid-term report 中期评估报告"),
    "report.help": ("生成某地区的中期评估报告（Word 按公文格式排版；PDF 由 Word 转换；HTML 可离线查看）。",
                    "The report of a place: Word in official-document layout, PDF converted from it, or "
                    "self-contained HTML."),
    "report.download": ("生成并下载", "Make and download"),
    "place": ("地区", "Place 地区"),
    "parent": ("上级地区", "Parent 上级地区"),
    "all": ("全部", "all"),
    "show": ("查看", "Show"),
    "indicator": ("指标", "Indicator 指标"),
    "severity": ("严重程度", "Severity"),
    "kind": ("类型", "Kind"),
    "year": ("年份", "Year"),
    "first": ("文件一及原文", "First plan and its words"),
    "second": ("文件二及原文", "Second plan and its words"),
    "explanation": ("说明", "Explanation 说明"),
    "rank": ("排名", "Rank"),
    "value": ("目标值", "Target"),
    "plan": ("规划", "Plan"),
    "when": ("时间", "When"),
    "item": ("事项", "Item"),
    "lead": ("牵头单位", "Lead 牵头单位"),
    "target": ("指标", "target"),
    "task": ("任务", "task"),
    "overall": ("综合得分", "Overall"),
    "score": ("得分", "Score"),
    "targets": ("目标数", "Targets"),
    "with_data": ("有数据", "With data"),
    "coverage": ("覆盖率", "Coverage"),
    "dimension": ("维度", "Dimension 维度"),
    "phrase": ("原文表述", "As written"),
    "handed_down": ("上级目标", "Set above"),
    "chart.ambition": ("各地区目标值", "Target by place"),
    "chart.timeline": ("各年度到期的目标与任务", "Targets and tasks due per year"),
    "chart.radar": ("各维度得分", "Scores per dimension"),
}
PAGES = ("contradictions", "decomposition", "ambition", "timeline", "evaluation")


def translator(lang: str) -> Any:
    """`ta(key, **values)` for this module's labels in `lang`."""
    index = i18n.LANGS.index(lang)

    def ta(key: str, **values: object) -> str:
        text = LABELS[key][index]
        return text.format(**values) if values else text

    return ta


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    documents = list_documents(ledger_of(request), who_of(request))
    places = sorted({(d.jurisdiction_code, d.jurisdiction_name) for d in documents
                     if d.jurisdiction_code}, key=lambda item: item[0] or "")
    lang = lang_of(request)
    return render(request, f"analysis/{template}", ta=translator(lang), places=places, pages=PAGES,
                  target_text=lambda target: target_text(target, lang), **context)


def _query(request: Request, name: str) -> str | None:
    return (request.query_params.get(name) or "").strip() or None


@router.get("/analysis", response_class=HTMLResponse)
@page
def analysis_index(request: Request) -> Response:
    """规划分析: links to each analysis and the report downloads per place."""
    return _page(request, "index.html")


@router.post("/analysis/report", response_class=HTMLResponse)
async def report_job(request: Request, jurisdiction: Annotated[str, Form()], format: Annotated[str, Form()] = "docx",
                     lang: Annotated[str, Form()] = "") -> Response:
    """Queue a place's 中期评估报告 and go to its job's page, which shows its stage and ends on the download."""
    try:
        job = await run_in_threadpool(submit_report, ledger_of(request), jurisdiction.strip(), format,
                                      i18n.normalise_lang(lang) or lang_of(request),
                                      as_of_of(request) or date.today(), who_of(request))
    except GreentrackError as exc:
        return error_page(request, exc.http_status, exc.message)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/analysis/contradictions", response_class=HTMLResponse)
@page
def contradictions_page(request: Request) -> Response:
    """规划间矛盾: both quotes side by side, most severe first."""
    place = _query(request, "jurisdiction")
    found = ledger_contradictions(ledger_of(request), place, who_of(request))
    return _page(request, "contradictions.html", found=found, chosen=place)


@router.get("/analysis/decomposition", response_class=HTMLResponse)
@page
def decomposition_page(request: Request) -> Response:
    """分解落实: weaker children, shortfalls, uncovered targets, undecided rows."""
    parent = _query(request, "parent")
    found = ledger_decomposition(ledger_of(request), parent, who_of(request))
    return _page(request, "decomposition.html", found=found, chosen=parent)


@router.get("/analysis/ambition", response_class=HTMLResponse)
@page
def ambition_page(request: Request) -> Response:
    """目标力度: places ranked on one indicator (the one set in most places by default)."""
    ledger = ledger_of(request)
    choices = compare_indicator(ledger, who=who_of(request)).choices
    wanted = _query(request, "indicator") or (choices[0][0] if choices else None)
    indicator = catalog_indicator(wanted) if wanted else None
    rankings = ledger_ambition(ledger, indicator.id, who_of(request)) if indicator else []
    charts = [as_json(ambition_bars(r, lang_of(request))) for r in rankings]
    return _page(request, "ambition.html", indicator=indicator, choices=choices, rankings=rankings, charts=charts)


@router.get("/analysis/timeline", response_class=HTMLResponse)
@page
def timeline_page(request: Request) -> Response:
    """路线图: a place's deadlines as a chart per year and a table (the first place in the ledger by default)."""
    ledger = ledger_of(request)
    place = _query(request, "jurisdiction") or next(
        (d.jurisdiction_name for d in list_documents(ledger, who_of(request)) if d.jurisdiction_name), None)
    found = ledger_timeline(ledger, place, who_of(request)) if place else None
    chart = as_json(timeline_bars(found, lang_of(request))) if found and found.rows else None
    return _page(request, "timeline.html", found=found, chosen=place, chart=chart)


@router.get("/analysis/evaluation", response_class=HTMLResponse)
@page
def evaluation_page(request: Request) -> Response:
    """城市体检式评价: each place's overall and per-dimension scores, a radar chart to compare them."""
    place = _query(request, "jurisdiction")
    scores = ledger_evaluation(ledger_of(request), as_of_of(request), place, who_of(request))
    chart = as_json(radar(scores)) if any(s.overall is not None for s in scores) else None
    return _page(request, "evaluation.html", scores=scores, chosen=place, chart=chart)


# ---------------------------------------------------------------- ECharts options from the analyses' chart data


def ambition_bars(ranking: AmbitionRanking, lang: str = "zh") -> dict[str, Any]:
    """A ranking as horizontal bars, the best place at the top."""
    data = ranking.chart()
    name = translator(lang)("value")
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "axis"},
            "grid": {"left": 8, "right": 40, "top": 8, "bottom": 8, "containLabel": True},
            "xAxis": {"type": "value", "name": data["unit"]},
            "yAxis": {"type": "category", "data": data["categories"][::-1]},
            "series": [{"name": name, "type": "bar", "data": s["data"][::-1], "itemStyle": {"color": "#2e7d32"},
                        "label": {"show": True, "position": "right"}} for s in data["series"]]}


def timeline_bars(found: Timeline, lang: str) -> dict[str, Any]:
    """Targets and tasks due per year, stacked."""
    data = found.chart()
    ta = translator(lang)
    names = {"指标": ta("target"), "任务": ta("task")}
    colours = {"指标": "#2e7d32", "任务": "#1565c0"}
    years = [c.removesuffix("年") for c in data["categories"]] if lang == "en" else data["categories"]
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "axis"}, "legend": {"bottom": 0},
            "grid": {"left": 8, "right": 16, "top": 16, "bottom": 40, "containLabel": True},
            "xAxis": {"type": "category", "data": years}, "yAxis": {"type": "value", "minInterval": 1},
            "series": [{**s, "name": names.get(s["name"], s["name"]), "itemStyle": {"color": colours.get(s["name"])}}
                       for s in data["series"]]}


def radar(scores: list[JurisdictionScore]) -> dict[str, Any]:
    """Each place's scores on one radar, a dimension per axis (0–100)."""
    data = radar_chart(scores)
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {}, "legend": {"bottom": 0},
            "radar": {"indicator": data["indicator"], "radius": "62%"},
            "series": [{"type": "radar", "data": [{"name": s["name"], "value": [v if v is not None else 0
                                                                                 for v in s["value"]]}
                                                  for s in data["series"]]}]}
