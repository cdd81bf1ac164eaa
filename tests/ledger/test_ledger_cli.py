"""The ledger commands end to end, as a user runs them: `greentrack demo` in an empty folder builds a fresh
ledger and prints the status table marked 示例数据; ingest names a bad file and stores the rest; status, warnings
and export read the ledger the settings point at; a bad --as-of is one line, not a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from greentrack.ledger.status import ILLUSTRATIVE
from greentrack.services.documents import sample_paths


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment.update({"COLUMNS": "200", **env})
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=300)


def test_demo_builds_a_fresh_ledger_and_prints_the_status(tmp_path: Path) -> None:
    first = run("demo", "--as-of", "2025-06-30", "--no-serve", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "greentrack-demo.db").is_file()
    assert "金乡县推动城乡建设绿色发展实施方案" in first.stdout
    assert "台账进度 ledger status" in first.stdout
    assert "状态 status" in first.stdout and "正常推进" in first.stdout
    assert first.stdout.count("示例数据") > 20  # the heading, the data column of each row fed by it, the caption
    second = run("demo", "--as-of", "2025-06-30", "--no-serve", cwd=tmp_path)
    assert second.stdout == first.stdout  # fresh each time: nothing accumulates
    warned = run("warnings", "--as-of", "2025-06-30", cwd=tmp_path, GREENTRACK_DB="greentrack-demo.db")
    assert warned.returncode == 0, warned.stderr
    assert "红色预警" in warned.stdout and "督办清单 supervision list · 金乡县住房和城乡建设局" in warned.stdout
    docket_lines = [line for line in warned.stdout.splitlines() if line.startswith("  ") and "#" in line]
    assert docket_lines and any(line.endswith(ILLUSTRATIVE) for line in docket_lines)


def test_ingest_then_status_warnings_and_export(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a pdf")
    env = {"GREENTRACK_DB": str(tmp_path / "ledger.db")}
    done = run("ingest", str(sample_paths()[0]), str(bad), str(sample_paths()[4]), cwd=tmp_path, **env)
    assert done.returncode != 0
    assert done.stderr.startswith("Error: cannot read") and "bad.pdf" in done.stderr
    assert done.stdout.count("已入库 added") == 2
    again = run("ingest", str(sample_paths()[0]), cwd=tmp_path, **env)
    assert again.returncode == 0 and "未变化 unchanged" in again.stdout

    status = run("status", "--jurisdiction", "赤峰市", "--as-of", "2025-06-30", cwd=tmp_path, **env)
    assert status.returncode == 0, status.stderr
    assert "赤峰市" in status.stdout and "金乡县" not in status.stdout
    assert "暂无数据" in status.stdout  # no observations were imported

    warnings = run("warnings", "--as-of", "2025-06-30", cwd=tmp_path, **env)
    assert warnings.returncode == 0, warnings.stderr
    assert "预警 warnings" in warnings.stdout

    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"ledger.{fmt}"
        done = run("export", "--format", fmt, "--out", str(out), "--as-of", "2025-06-30", cwd=tmp_path, **env)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0
    targets = json.loads((tmp_path / "ledger.json").read_text(encoding="utf-8"))["targets"]
    sheet = load_workbook(tmp_path / "ledger.xlsx")["台账 ledger"]
    assert sheet.max_row - 1 == len(targets) > 50


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    env = {"GREENTRACK_DB": str(tmp_path / "ledger.db")}
    done = run("status", "--as-of", "June", cwd=tmp_path, **env)  # no ledger yet: said before anything else
    assert (done.returncode, done.stderr.split(" (")[0]) == (5, f"Error: no ledger at {tmp_path / 'ledger.db'}")
    assert not (tmp_path / "ledger.db").exists()
    (tmp_path / "ledger.db").touch()  # an empty SQLite file: the ledger is made in it
    done = run("status", "--as-of", "June", cwd=tmp_path, **env)
    assert (done.returncode, done.stderr) == (2, "Error: --as-of 'June' is not a date — write it as YYYY-MM-DD\n")
    done = run("export", "--format", "pdf", cwd=tmp_path, **env)
    assert done.returncode == 2 and done.stderr.startswith("Error: unknown export format 'pdf'")
    done = run("ingest", str(sample_paths()[3]), cwd=tmp_path, GREENTRACK_DB=str(tmp_path / "no" / "such" / "l.db"))
    assert done.returncode == 5 and done.stderr.startswith("Error: cannot create the ledger")
