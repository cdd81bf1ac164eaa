"""The report's sections 一–四 drafted from the demo ledger's 金乡县 report: four sections in order, each with
paragraphs that carry the report's own figures (the plans' issue dates, the counts of the status, a target's
latest value and its goal), Chinese dates and never an ISO date, a file path or the tool's name; the same report
drafts the same text twice; the lists are capped so the body stays short; English drafts in English; and
`greentrack report --draft` prints the sections without writing a document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from greentrack.ledger.db import Ledger
from greentrack.reports.cells import number
from greentrack.reports.midterm import SECTION_KEYS, MidtermReport
from greentrack.reports.narrative import SHOWN, deadline_text, draft_sections, issue_date_text, sections_text
from greentrack.services.reports import midterm_report

from .conftest import AS_OF
from .test_analysis_cli import run

ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


@pytest.fixture(scope="module")
def report(demo_db: Path) -> MidtermReport:
    from greentrack.services.ledger import open_ledger

    ledger = open_ledger(db=demo_db)
    try:
        return midterm_report(ledger, "金乡县", AS_OF)
    finally:
        ledger.close()


def text_of(report: MidtermReport, lang: str = "zh") -> dict[str, str]:
    return {s.key: "\n".join(s.paragraphs) for s in draft_sections(report, lang)}


def test_four_sections_in_order_each_with_paragraphs(report: MidtermReport) -> None:
    sections = draft_sections(report)
    assert [s.key for s in sections] == list(SECTION_KEYS)
    assert all(s.paragraphs and all(p.strip() for p in s.paragraphs) for s in sections)
    assert all(not s.edited for s in sections)
    assert [s.key for s in report.narrative] == list(SECTION_KEYS)  # midterm_report fills them


def test_basic_names_the_plans_with_chinese_issue_dates_and_the_counts(report: MidtermReport) -> None:
    basic = text_of(report)["basic"]
    assert "《金乡县推动城乡建设绿色发展实施方案》（金政办字〔2023〕28号，2023年7月19日印发）" in basic
    tally = report.tally()
    assert f"{len(report.status.rows)}项目标" in basic and f"已按期完成{tally['done']}项" in basic
    assert f"进度滞后或未完成{tally['behind']}项" in basic
    assert f"尚有{report.unreviewed}项未经审核" in basic
    assert "2025年6月30日为评估基准日" in basic


def test_progress_and_problems_carry_the_status_figures(report: MidtermReport) -> None:
    texts = text_of(report)
    achieved = next(r for r in report.status.rows if r.assessment.status == "achieved"
                    and r.assessment.latest_value is not None)
    assert f"{achieved.record.target.indicator}达到{number(achieved.assessment.latest_value)}" in texts["progress"]
    lagging = [r for r in report.status.rows if r.assessment.status in ("overdue", "off_track")]
    assert any(f"{r.record.target.indicator}为{number(r.assessment.latest_value)}" in texts["problems"]
               for r in lagging)
    assert "逾期未完成" in texts["problems"] and "严重滞后" in texts["problems"]
    assert "2025年底前" in texts["plans"]


def test_no_iso_date_no_tool_name_no_path(report: MidtermReport) -> None:
    for lang in ("zh", "en"):
        whole = sections_text(draft_sections(report, lang), lang)
        assert not ISO.search(whole), ISO.search(whole)
        assert "greentrack" not in whole.lower() and ".db" not in whole and not re.search(r"/(tmp|work|home)/", whole)


def test_the_same_report_drafts_the_same_text_and_stays_short(report: MidtermReport) -> None:
    assert draft_sections(report) == draft_sections(report)
    whole = sections_text(draft_sections(report))
    assert len(whole) < 12_000  # a few pages of a ≤20-page report
    for section in draft_sections(report):
        for paragraph in section.paragraphs:
            assert paragraph.count("；") < SHOWN + 2 * SHOWN  # capped lists


def test_english_drafts_in_english(report: MidtermReport) -> None:
    texts = text_of(report, "en")
    assert texts["basic"].startswith("This evaluation covers 2 plans of 金乡县")
    assert "issued 19 July 2023" in texts["basic"]
    assert "by the end of 2025" in texts["plans"]
    assert "方面" not in "".join(texts.values())


def test_dates_as_an_office_writes_them() -> None:
    from datetime import date

    assert deadline_text(date(2025, 12, 31)) == "2025年底"
    assert deadline_text(date(2023, 10, 31)) == "2023年10月31日"
    assert deadline_text(date(2025, 12, 31), "en") == "the end of 2025"
    assert issue_date_text("2023-07-19") == "2023年7月19日" and issue_date_text(None) is None


def test_cli_draft_prints_the_sections_and_writes_nothing(demo_db: Path, tmp_path: Path, demo: Ledger) -> None:
    shutil.copy(demo_db, tmp_path / "greentrack.db")
    done = run(tmp_path, "report", "--jurisdiction", "金乡县", "--draft", "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("一、基本情况\n\n金乡县纳入本次中期评估的规划共2部")
    assert "四、下步工作打算" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["greentrack.db"]
    english = run(tmp_path, "report", "--jurisdiction", "金乡县", "--draft", "--lang", "en")
    assert english.returncode == 0 and english.stdout.startswith("1. Overview")


def test_cli_edits_settings_and_final(demo_db: Path, tmp_path: Path) -> None:
    shutil.copy(demo_db, tmp_path / "greentrack.db")
    (tmp_path / "plans.txt").write_text("一是加快充电设施建设。\n\n二是强化督办问责。\n", encoding="utf-8")
    saved = run(tmp_path, "report-text", "set", "金乡县", "plans", "--file", "plans.txt")
    assert saved.returncode == 0 and "saved plans: 2 paragraph(s)" in saved.stdout, saved.stderr
    shown = run(tmp_path, "report-text", "show", "金乡县", "plans")
    assert "已编辑" in shown.stdout and shown.stdout.endswith("一是加快充电设施建设。\n\n二是强化督办问责。\n")
    draft = run(tmp_path, "report", "--jurisdiction", "金乡县", "--draft")
    assert draft.stdout.endswith("四、下步工作打算\n\n一是加快充电设施建设。\n\n二是强化督办问责。\n")
    bad = run(tmp_path, "report-text", "set", "金乡县", "ending", "--file", "plans.txt")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: section: unknown section 'ending'")
    assert run(tmp_path, "report-text", "reset", "金乡县", "plans").stdout == "reset plans\n"

    settings = run(tmp_path, "report-settings", "金乡县", "--issuer", "金乡县住房和城乡建设局", "--to", "县人民政府")
    assert settings.returncode == 0 and "发文机关 issuer: 金乡县住房和城乡建设局" in settings.stdout
    assert "主送 to: 县人民政府" in run(tmp_path, "report-settings", "金乡县").stdout

    final = run(tmp_path, "report", "--jurisdiction", "金乡县", "--format", "html", "--as-of", AS_OF.isoformat(),
                "--doc-number", "金建发〔2026〕3号", "--final")
    assert final.returncode == 0, final.stderr
    assert "kept evaluation 1" in final.stdout and (tmp_path / "金乡县-中期评估报告.html").exists()


def test_the_loop_is_told_with_the_departments_words(report: MidtermReport) -> None:
    from dataclasses import replace
    from datetime import date

    from greentrack.reports.midterm import DepartmentWords, LoopSummary

    words = tuple(DepartmentWords(f"金乡县部门{i}", f"事项{i}", f"问题{i}", f"措施{i}", date(2025, 9, i + 1))
                  for i in range(SHOWN + 2))
    loop = LoopSummary(cycles=(("2025年上半年", date(2025, 7, 15), {"late": 3, "submitted": 5}),),
                       tasks={"not_started": 1, "in_progress": 2, "done": 4, "overdue": 1},
                       items={"open": 1, "answered": 1, "returned": 0, "closed": 2, "escalated": 0},
                       open_items=((9, "关于充电桩建设滞后的督办函", date(2025, 12, 31), "open"),), words=words)
    texts = text_of(replace(report, loop=loop))
    assert "重点任务共8项，已完成4项，推进中2项。督办事项已办结销号2项。" in texts["progress"]
    assert "2025年上半年（2025年7月15日截止）3个部门逾期未报" in texts["problems"]
    assert "金乡县部门0就事项0反映：“问题0”" in texts["problems"] and f"等{SHOWN + 2}项" in texts["problems"]
    assert "“关于充电桩建设滞后的督办函”（2025年底前答复）" in texts["plans"]
    assert "金乡县部门0就事项0“措施0”，2025年9月1日前完成" in texts["plans"]
    assert "部门6" not in texts["plans"]  # capped
