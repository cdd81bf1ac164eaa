"""The analysis commands end to end on a demo ledger, as a user runs them: each prints what its service
returns, the report and the 台账 land in the files named, and a bad place, format or language is one
`Error:` line with the usage exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from greentrack.reports.xlsx import LEDGER_SHEET, SUMMARY_SHEET

from .conftest import need_program


@pytest.fixture(scope="module")
def folder(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder holding a copy of the demo ledger as greentrack.db (the default `db` setting)."""
    here = tmp_path_factory.mktemp("cli")
    shutil.copy(demo_db, here / "greentrack.db")
    return here


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          cwd=folder, env=environment, timeout=600)


def test_contradictions_print_both_quotes(folder: Path) -> None:
    done = run(folder, "contradictions", "--jurisdiction", "金乡县")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("规划间矛盾 contradictions: 6\n")
    assert "1. [高] 局部超过整体 · 金乡县 · 充换电站 2025" in done.stdout
    assert "   文件一 《金乡县推动城乡建设绿色发展实施方案》：“全县建成各类充换电站110座”" in done.stdout
    assert "   文件二 《金乡县“十四五”绿色低碳循环发展规划》：“建成公共领域充换电站180座”" in done.stdout
    rows = json.loads(run(folder, "contradictions", "--format", "json").stdout)
    assert len(rows) == 6 and list(rows[0])[:4] == ["严重程度", "类型", "地区", "指标"]


def test_decomposition_lists_the_undecided_rows(folder: Path) -> None:
    done = run(folder, "decomposition", "--parent", "山东省")
    assert done.returncode == 0, done.stderr
    assert "下级目标低于上级 weaker children: 0" in done.stdout
    assert "未定分解数值 undecided rows (完成市分解任务): 4" in done.stdout
    assert done.stdout.count("完成市分解任务") == 5


def test_ambition_ranks_the_places(folder: Path) -> None:
    done = run(folder, "ambition", "再生水利用率")
    assert done.returncode == 0, done.stderr
    assert "再生水利用率 · 2025年水平 · 城市（%） · 2 地区 places" in done.stdout
    lines = [line for line in done.stdout.splitlines() if "金乡县" in line or "赤峰市" in line]
    assert "│ 1 " in lines[0] and "金乡县" in lines[0] and "55%" in lines[0]
    assert "│ 2 " in lines[1] and "赤峰市" in lines[1] and "35%" in lines[1]


def test_timeline_lists_deadlines_in_order(folder: Path) -> None:
    done = run(folder, "timeline", "--jurisdiction", "金乡县")
    assert done.returncode == 0, done.stderr
    assert "路线图 roadmap · 金乡县" in done.stdout
    assert done.stdout.index("2023-10-31") < done.stdout.index("2025年")
    assert "未写明年份 without a year:" in done.stdout


def test_evaluate_scores_each_place(folder: Path) -> None:
    done = run(folder, "evaluate", "--as-of", "2025-06-30")
    assert done.returncode == 0, done.stderr
    rows = {line.split("│")[1].strip(): line for line in done.stdout.splitlines() if line.startswith("│")}
    # 62.9: #34 reached only after its deadline (逾期完成, 80 points), #60 and #81 read their baseline and period
    assert "62.9" in rows["金乡县"] and "76.8" in rows["赤峰市"]
    assert "金乡县 · 分维度得分 per dimension" in done.stdout


def test_report_writes_each_format(folder: Path, cjk_font: Path) -> None:
    html = run(folder, "report", "--jurisdiction", "金乡县", "--format", "html", "--as-of", "2025-06-30")
    assert html.returncode == 0, html.stderr
    written = folder / "金乡县-中期评估报告.html"
    assert html.stdout.strip() == f"wrote {written.name}"
    assert "<h1 id=\"title\">关于金乡县" in written.read_text("utf-8")
    docx = run(folder, "report", "--jurisdiction", "370828", "--format", "docx", "--out", "r.docx", "--lang", "en")
    assert docx.returncode == 0, docx.stderr
    assert Document(str(folder / "r.docx")).paragraphs[0].text.startswith("Report on the mid-term evaluation of 金乡县")


def test_report_as_pdf(folder: Path, cjk_font: Path) -> None:
    need_program("libreoffice")
    done = run(folder, "report", "--jurisdiction", "平陆县", "--format", "pdf", "--out", "平陆.pdf")
    assert done.returncode == 0, done.stderr
    assert (folder / "平陆.pdf").read_bytes().startswith(b"%PDF")


def test_export_xlsx_is_the_ledger_workbook(folder: Path) -> None:
    done = run(folder, "export", "--format", "xlsx", "--out", "台账.xlsx", "--as-of", "2025-06-30")
    assert done.returncode == 0, done.stderr
    book = load_workbook(folder / "台账.xlsx")
    assert book.sheetnames[:3] == [SUMMARY_SHEET, LEDGER_SHEET, "金乡县住房和城乡建设局"]


@pytest.mark.parametrize(("args", "message"), [
    (("timeline", "--jurisdiction", "嘉祥县"), "Error: no plan in the ledger belongs to jurisdiction '嘉祥县' — "
                                                "run `greentrack status` to see the places it holds, or ingest "
                                                "that place's plans\n"),
    (("report", "--jurisdiction", "金乡县", "--format", "odt"),
     "Error: unknown report format 'odt' — use one of docx, pdf, html\n"),
    (("report", "--jurisdiction", "金乡县", "--lang", "fr"),
     "Error: unknown report language 'fr' — use one of zh, en\n"),
    (("ambition", "sunshine_hours"),
     "Error: unknown indicator id 'sunshine_hours': run `greentrack catalog` to list the ids\n"),
])
def test_bad_arguments_are_one_line(folder: Path, args: tuple[str, ...], message: str) -> None:
    done = run(folder, *args)
    assert (done.returncode, done.stderr) == (2, message)


def test_timeline_needs_a_place(folder: Path) -> None:
    done = run(folder, "timeline")
    assert done.returncode == 2 and "--jurisdiction" in done.stderr
