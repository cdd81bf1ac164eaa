"""The whole-ledger summary (全台账汇总): the demo ledger's four provinces ranked by the score of every target below
them, each target counted once, open 督办 items counted under their province; administrators only, any other
role refused with a clear message; `greentrack report --all` writes it, and a single-province ledger is summarised
by the level below.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from greentrack.errors import Forbidden
from greentrack.ledger.db import Ledger
from greentrack.reports.layout import Heading, TableBlock
from greentrack.services import supervision_items
from greentrack.services.ledger_summary import _regions, ledger_summary, ledger_summary_report, summary_bytes
from greentrack.services.reports import midterm_report
from greentrack.services.scope import user_principal
from greentrack.services.status import ledger_status

from .conftest import AS_OF


def test_the_provinces_are_ranked_with_their_counts(demo: Ledger) -> None:
    admin = user_principal(demo, "admin")
    summary = ledger_summary(demo, AS_OF, admin)
    assert [(p.score.name, p.score.overall, p.targets, p.places) for p in summary.places] == [
        ("山西省", 100.0, 3, 1), ("内蒙古自治区", 76.8, 21, 1), ("山东省", 62.9, 91, 1), ("甘肃省", 95.0, 9, 1)]
    assert sum(p.targets for p in summary.places) == len(ledger_status(demo, AS_OF).rows)
    shandong = summary.places[2]
    county = midterm_report(demo, "金乡县", AS_OF).own_score
    assert county is not None and shandong.score.dimensions == county.dimensions  # its one county's targets
    assert shandong.counts == midterm_report(demo, "金乡县", AS_OF).status.counts()
    document = ledger_summary_report(demo, AS_OF, admin)
    assert document.title == "绿色发展规划实施情况汇总报告（全台账）" and document.warning is not None
    ranking = next(b for b in document.blocks if isinstance(b, TableBlock))
    assert ranking.header[:4] == ("排名", "地区", "综合得分", "数据覆盖率")
    assert [row[:3] for row in ranking.rows] == [("1", "山西省", "100.0"), ("2", "甘肃省", "95.0"),
                                                 ("3", "内蒙古自治区", "76.8"), ("4", "山东省", "62.9")]
    assert [b.text for b in document.blocks if isinstance(b, Heading)] == [
        "一、总体情况", "二、各地区排名", "三、分维度得分", "四、说明"]


def test_only_an_administrator_sees_the_summary(demo: Ledger) -> None:
    for name in ("jinxiang", "viewer", "zhujian"):
        with pytest.raises(Forbidden, match="无权查看全台账汇总 — the whole-ledger summary is for administrators"):
            ledger_summary(demo, AS_OF, user_principal(demo, name))
        with pytest.raises(Forbidden):
            summary_bytes(demo, "html", as_of=AS_OF, who=user_principal(demo, name))


def test_open_items_count_under_their_province(demo_copy: Ledger) -> None:
    office = user_principal(demo_copy, "jinxiang")
    due = dt.date.today() + dt.timedelta(days=60)
    for title in ("关于老旧小区改造的督办", "关于绿地率的督办"):
        supervision_items.create_item(demo_copy, title, "请报送进展", due, lead=["县住建局"], who=office)
    summary = ledger_summary(demo_copy, AS_OF, user_principal(demo_copy, "admin"))
    assert {p.score.name: p.open_items for p in summary.places} == {"山西省": 0, "内蒙古自治区": 0, "山东省": 2,
                                                                    "甘肃省": 0}


def test_one_region_is_summarised_by_the_level_below() -> None:
    parents = {"370000": None, "370800": "370000", "370828": "370800", "370829": "370800", "370100": "370000",
               "370102": "370100", "150000": None, "150400": "150000"}
    assert _regions({"370828", "370829", "370102"}, parents) == {"370800": {"370828", "370829"},
                                                                 "370100": {"370102"}}
    assert _regions({"370828", "370829"}, parents) == {"370828": {"370828"}, "370829": {"370829"}}
    assert _regions({"370828", "370800"}, parents) == {"370800": {"370828", "370800"}}  # the city holds targets
    assert _regions({"370828", "150400"}, parents) == {"370000": {"370828"}, "150000": {"150400"}}


def test_the_summary_in_english_and_html(demo: Ledger, cjk_font: Path) -> None:
    html = summary_bytes(demo, "html", "en", AS_OF).decode("utf-8")
    assert "Summary of the whole ledger 全台账汇总" in html and "Places ranked by overall score" in html


def run(folder: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment["COLUMNS"] = "200"
    if user:
        environment["GREENTRACK_USER"] = user
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          cwd=folder, env=environment, timeout=600)


def test_report_all_and_a_city_report_from_the_cli(demo_db: Path, tmp_path: Path, cjk_font: Path) -> None:
    shutil.copy(demo_db, tmp_path / "greentrack.db")
    done = run(tmp_path, "report", "--all", "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("全台账汇总.docx")
    text = "\n".join(cell.text for table in Document(str(tmp_path / "全台账汇总.docx")).tables
                     for row in table.rows for cell in row.cells)
    assert "内蒙古自治区" in text and "未办结督办" in text
    done = run(tmp_path, "report", "--jurisdiction", "济宁市", "--format", "html", "--as-of", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "济宁市-中期评估报告.html").read_text(encoding="utf-8")
    assert "各地区综合得分排名" in html and "第1名" in html
    refused = run(tmp_path, "report", "--all", "--format", "html", user="jinxiang")
    assert refused.returncode == 9 and "无权查看全台账汇总" in refused.stderr
    assert not (tmp_path / "全台账汇总.html").exists()
    both = run(tmp_path, "report", "--all", "--jurisdiction", "金乡县")
    assert (both.returncode, both.stderr) == (
        2, "Error: give --jurisdiction <place> for a place's report, or --all for the whole-ledger summary\n")


def test_an_empty_ledger_has_a_summary_too(tmp_path: Path) -> None:
    from greentrack.services.ledger import open_ledger

    ledger = open_ledger(db=tmp_path / "empty.db")
    try:
        document = ledger_summary_report(ledger, AS_OF)
    finally:
        ledger.close()
    assert [b.text for b in document.blocks if not isinstance(b, TableBlock)] == [
        "一、总体情况", "台账中尚无目标。", "二、说明", document.blocks[-1].text]  # type: ignore[union-attr]
