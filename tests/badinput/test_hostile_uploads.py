"""Hostile uploads are refused by name and by limit, cheaply, and nothing of them is stored (issue 19, findings 1,
2, 6, 8 and 9): an .xlsx whose one cell sits at the sheet's far corner; a 10,000-page PDF; a .docx whose XML
unpacks to tens of megabytes; upload names of 300 characters or `..`; plan text that a spreadsheet would run as
a formula; JSON `true` as a number, 1e308 万平方米, a `reporter` naming someone else.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from auth.clients import signed_in
from greentrack.ledger import intake_read, repository
from greentrack.ledger.backup import snapshot
from greentrack.ledger.db import open_ledger
from greentrack.ledger.intake import intake_target
from greentrack.ledger.intake_records import IntakeTarget
from greentrack.ledger.intake_template import DATA_SHEET, HELP_SHEET, write_template
from greentrack.web import create_app

from .corpus import Good
from .hostile import big_xml_docx, far_cell_xlsx, many_pages_pdf

SHEET_HEADER = "目标编号 target id,期间 period,数值 value,单位 unit,来源 source\n"
MEMORY_CAP = 1024 * 1024 * 1024  # the CLI runs under this address-space cap: a reader walking 17e9 cells dies


def stored(db: Path) -> dict[str, list[list[object]]]:
    """Every table of the ledger but the logins' (signing in touches a token's last use)."""
    ledger = open_ledger(db=db)
    try:
        return {name: rows for name, rows in snapshot(ledger).items() if name not in ("api_tokens", "user_sessions")}
    finally:
        ledger.close()


def run_import(path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    """`greentrack import FILE` as a user runs it, in its own process under MEMORY_CAP."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "GREENTRACK_DB": str(db), "GREENTRACK_USER": ""}
    return subprocess.run([sys.executable, "-m", "greentrack.cli", "import", str(path)], capture_output=True,
                          text=True, env=env, preexec_fn=cap, check=False)


@pytest.mark.parametrize(("ref", "dimension", "strings", "limit"), [
    ("XFD1048576", None, None, "max_sheet_rows"),  # the bomb: 17 billion cells to a dense reader
    ("XFD1", None, None, "max_sheet_columns"),
    ("B5", "A1:XFD1048576", None, "max_sheet_rows"),  # a declared dimension that no cell fills
    ("B5", None, 50_000_000, "max_sheet_cells"),  # a shared-string table that claims fifty million entries
], ids=["cell-at-XFD1048576", "cell-at-XFD1", "declared-A1:XFD1048576", "50M-shared-strings"])
def test_an_xlsx_past_a_cap_is_refused_naming_the_limit(tmp_path: Path, demo_db: Path, ref: str,
                                                        dimension: str | None, strings: int | None,
                                                        limit: str) -> None:
    bomb = far_cell_xlsx(tmp_path / "bomb.xlsx", ref, dimension, strings)
    assert bomb.stat().st_size < 5_000
    before = stored(demo_db)
    done = run_import(bomb, demo_db)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1 and "bomb.xlsx" in lines[0] and limit in lines[0], done.stderr
    assert stored(demo_db) == before


def test_a_cell_at_z20000_is_read_as_one_row_in_little_memory(tmp_path: Path) -> None:
    """The dense reader built 520,000 cells (17 s, 411 MB) for one cell at Z20000; the stream keeps one row."""
    sheet = far_cell_xlsx(tmp_path / "far.xlsx", "Z20000")
    tracemalloc.start()
    try:
        read = intake_read.read_sheet(sheet)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read.rows == () and "找不到表头" in read.problems[0].reason  # no header: one problem, said clearly
    assert peak < 30 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


def test_a_reporters_sheet_is_read_once(tmp_path: Path, demo_db: Path, good: Good,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The reporter's import read the sheet twice (once to check its targets, once to import)."""
    from greentrack.ledger import intake_ledger
    from greentrack.services.observations import import_observations

    calls: list[Path] = []
    real = intake_read.read_sheet

    def counted(path: str | Path) -> intake_read.Sheet:
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(intake_read, "read_sheet", counted)
    monkeypatch.setattr(intake_ledger, "read_sheet", counted)
    ledger = open_ledger(db=demo_db)
    try:
        with ledger.session() as session:
            record = repository.documents.get_target(session, good.target_id)
        from greentrack.services.scope import user_principal
        from greentrack.services.users import add_user

        department = next(iter(sorted(intake_target(record).departments)))
        add_user(ledger, "reads-once", "reporter", None, None, department)
        sheet = tmp_path / "one.csv"
        sheet.write_text(SHEET_HEADER + ",".join(good.cells()) + "\n", encoding="utf-8")
        import_observations(ledger, sheet, who=user_principal(ledger, "reads-once"))
    finally:
        ledger.close()
    assert calls == [sheet]


# ---------------------------------------------------------------- through the API and the upload forms


@pytest.fixture
def api(demo_db: Path) -> Iterator[TestClient]:
    """An administrator's client that waits for each upload's outcome (`Prefer: wait`)."""
    with TestClient(create_app(demo_db), raise_server_exceptions=False) as client:
        yield signed_in(client, demo_db)


def test_a_10000_page_pdf_is_refused_by_its_page_count(tmp_path: Path, api: TestClient, demo_db: Path) -> None:
    pdf = many_pages_pdf(tmp_path / "yearbook.pdf")
    assert pdf.stat().st_size < 8 * 1024 * 1024
    before = stored(demo_db)
    response = api.post("/api/v1/documents", files={"file": ("yearbook.pdf", pdf.read_bytes())})
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "over_limit" and "yearbook.pdf" in error["message"]
    assert "10,000 pages" in error["message"] and "max_pages" in error["message"]
    assert stored(demo_db) == before


def test_a_plan_past_the_processing_time_is_stopped(tmp_path: Path, api: TestClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the page limit but slow to read: the worker is stopped at `max_processing_seconds`."""
    monkeypatch.setenv("GREENTRACK_MAX_PAGES", "20000")
    monkeypatch.setenv("GREENTRACK_MAX_PROCESSING_SECONDS", "2")
    pdf = many_pages_pdf(tmp_path / "slow.pdf")
    response = api.post("/api/v1/documents", files={"file": ("slow.pdf", pdf.read_bytes())})
    assert response.status_code == 413, response.text
    message = response.json()["error"]["message"]
    assert "slow.pdf" in message and "max_processing_seconds" in message and "2 s" in message


def test_a_docx_of_60_mb_of_xml_is_refused_before_it_is_parsed(tmp_path: Path, api: TestClient) -> None:
    """1.4 MB on disk, inside the zip-bomb limits (it packs ~14×), 60 MB of XML for python-docx to hold."""
    docx = big_xml_docx(tmp_path / "wall.docx", 60)
    response = api.post("/api/v1/documents", files={"file": ("wall.docx", docx.read_bytes())})
    assert response.status_code == 413, response.text
    message = response.json()["error"]["message"]
    assert "wall.docx" in message and "max_xml_mb" in message


LONG_NAME = "规划" * 150 + ".txt"  # 300 characters, 900 bytes: past what a file system takes


@pytest.mark.parametrize("name", [LONG_NAME, "..", "../../etc/passwd.txt", ".hidden.csv"],
                         ids=["300-characters", "dot-dot", "path", "leading-dot"])
def test_an_upload_name_of_any_shape_is_answered_without_a_500(name: str, api: TestClient, good: Good) -> None:
    plan = api.post("/api/v1/documents", files={"file": (name, "到2025年，城市绿化覆盖率达到45%。".encode())})
    sheet = api.post("/api/v1/observations/import", files={"file": (
        name.replace(".txt", ".csv"), (SHEET_HEADER + ",".join(good.cells(period="2019-01")) + "\n").encode())})
    for response in (plan, sheet):
        assert response.status_code < 500, response.text
        text = response.text
        assert "etc/passwd" not in text and "/tmp" not in text
        if name == LONG_NAME:
            assert len(response.json().get("file", "x" * 10)) < 200 or response.status_code < 300
    for form, file_name in (("/upload/plan", name), ("/upload/data", name.replace(".txt", ".csv"))):
        page = api.post(form, files={"file": (file_name, b"x,y\n1,2\n")},
                        headers={"X-CSRF-Token": "unused-with-a-bearer-token"})
        assert page.status_code < 500, page.text[:500]


def test_template_cells_are_never_formulas(tmp_path: Path) -> None:
    """A plan's own text starting with = - @ + goes into the reporting template as quote-prefixed text."""
    risky = IntakeTarget(id="7", indicator="-1+2 绿地率", indicator_id=None, unit="%", kind="level",
                         comparator=">=", value=40.0, target_unit="%", year=2025, deadline="@2025",
                         jurisdiction=None, departments=("=部门",), lead_departments=("=部门",),
                         doc="=HYPERLINK(\"http://x\",\"点击\")")
    out = write_template(tmp_path / "t.xlsx", "=部门", [risky]).path
    book = load_workbook(out)
    cells = [c for row in book[DATA_SHEET].iter_rows(min_row=2, max_row=2) for c in row if isinstance(c.value, str)]
    cells += [c for row in book[HELP_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    starting = [c for c in cells if c.value.startswith(("=", "-", "@", "+"))]
    assert {c.value for c in starting} >= {risky.doc, risky.indicator, "@2025"}
    assert all(c.data_type == "s" and c.quotePrefix for c in starting), [(c.coordinate, c.value) for c in starting]


@pytest.fixture
def area_target(demo_db: Path) -> int:
    """A current target of the demo measured in an area (万平方米 or 平方米), which 1e308 万平方米 overflows."""
    ledger = open_ledger(db=demo_db)
    try:
        with ledger.session() as session:
            for record in repository.documents.current_targets(session):
                if intake_target(record).unit in ("万平方米", "平方米", "m2", "m²"):
                    return record.id
    finally:
        ledger.close()
    raise AssertionError("the demo has no area target")


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"value": True}, "value", "float"),
    ({"value": 1e308, "unit": "万平方米"}, "value", "1e+15"),
    ({"reporter": "别人 someone else"}, None, "signed-in user"),
], ids=["true-is-no-number", "1e308-wan-m2", "reporter-someone-else"])
def test_a_value_must_be_a_plausible_number_reported_by_oneself(change: dict, field: str | None, words: str,
                                                                api: TestClient, area_target: int,
                                                                demo_db: Path) -> None:
    entry = {"target_id": area_target, "period": "2019", "value": 12.5, "unit": "万平方米", "source": "统计局",
             **change}
    response = api.post("/api/v1/observations", json=entry)
    assert response.status_code in (403, 422), response.text
    error = response.json()["error"]
    assert words in error["message"] or any(words in str(d) for d in error["details"]), error
    if field:
        assert any(str(d.get("field")).split(".")[0] == field for d in error["details"]), error


def test_a_plausible_value_is_stored_under_the_signed_in_user(api: TestClient, area_target: int) -> None:
    entry = {"target_id": area_target, "period": "2019", "value": 12.5, "unit": "万平方米", "source": "统计局"}
    response = api.post("/api/v1/observations", json=entry)
    assert response.status_code == 201, response.text
    assert [o["reporter"] for o in response.json()["added"]] == ["admin"]


def test_a_value_sheet_of_true_and_infinity_names_each_row(tmp_path: Path, good: Good, api: TestClient) -> None:
    rows = [good.cells(period="2019-01", value="TRUE"), good.cells(period="2019-02", value="1e308")]
    body = SHEET_HEADER + "".join(",".join(r) + "\n" for r in rows)
    response = api.post("/api/v1/observations/import", files={"file": ("vals.csv", io.BytesIO(body.encode()))})
    assert response.status_code == 422, response.text
    assert sorted(d["row"] for d in response.json()["error"]["details"]) == [2, 3]
