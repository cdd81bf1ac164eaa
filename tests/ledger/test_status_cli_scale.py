"""`greentrack status` through the target index (target_list = index) prints, byte for byte, what the per-target
report prints (target_list = report), while reading the targets a page at a time: on the demo ledger (every
filter, narrow and wide consoles, colour on and off, pages of a few rows) and on a synthetic ledger of 500
(three pages of 200)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from greentrack.cli import ledger as cli_ledger
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.services.status import ledger_status, status_ids

from .conftest import store_plans
from .test_ledger_cli import run

DATES = (dt.date(2019, 12, 31), dt.date(2025, 6, 30), dt.date(2031, 1, 1))
BENCH = Path(__file__).resolve().parents[2] / "bench"


def _printed(monkeypatch: pytest.MonkeyPatch, width: int, colour: bool, draw: object) -> str:
    """What `draw()` prints on the CLI's console, swapped for one of this width writing to a string."""
    sink = io.StringIO()
    console = Console(file=sink, width=width, highlight=False, soft_wrap=True, force_terminal=colour,
                      color_system="truecolor" if colour else None)
    monkeypatch.setattr(cli_ledger, "out", console)
    draw()  # type: ignore[operator]
    return sink.getvalue()


def _both(ledger: Ledger, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, width: int = 80, colour: bool = False,
          size: int = 1000, jurisdiction: str | None = None, department: str | None = None) -> str:
    """The status table by the whole report and by pages of the index, asserted equal; the text."""
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    ids = status_ids(ledger, as_of, jurisdiction, department)
    assert ids is not None
    paged = _printed(monkeypatch, width, colour, lambda: cli_ledger.print_status_pages(
        ledger, ids, as_of, "台账进度 ledger status", size))
    report = ledger_status(ledger, as_of, jurisdiction, department)
    whole = _printed(monkeypatch, width, colour, lambda: cli_ledger.out.print(
        cli_ledger.status_table(report, "台账进度 ledger status")))
    assert paged == whole, (as_of, width, colour, size, jurisdiction, department)
    return whole


@pytest.fixture
def demo(sqlite_ledger: Ledger, seed_plans: tuple) -> Ledger:
    store_plans(sqlite_ledger, seed_plans)
    with sqlite_ledger.session("test") as session:
        load_observations(session)
    return sqlite_ledger


def test_paged_status_equals_the_report_on_the_demo(demo: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    for as_of in DATES:
        for width, colour, size in ((80, False, 1000), (200, True, 7)):
            text = _both(demo, monkeypatch, as_of, width, colour, size)
            assert "台账进度 ledger status" in text
    for width, colour, size in ((40, False, 3), (120, False, 1)):  # pages of one row: on one date
        _both(demo, monkeypatch, DATES[1], width, colour, size)
    for jurisdiction, department in (("赤峰市", None), ("370828", None), (None, "住建局"), ("金乡县", "住建局"),
                                     ("无此地", None), (None, "无此部门")):
        _both(demo, monkeypatch, DATES[1], 100, False, 5, jurisdiction, department)
    assert "0 目标 targets" in _both(demo, monkeypatch, DATES[1], 80, False, 5, "无此地")


def test_the_command_prints_the_same_by_either_route(demo: Ledger, tmp_path: Path) -> None:
    db = str(demo.url).removeprefix("sqlite:///")
    printed = {route: run("status", "--as-of", "2025-06-30", cwd=tmp_path, GREENTRACK_DB=db,
                          GREENTRACK_TARGET_LIST=route) for route in ("report", "index")}
    assert printed["index"].returncode == 0, printed["index"].stderr
    assert printed["index"].stdout == printed["report"].stdout


def test_paged_status_equals_the_report_on_a_synthetic_ledger(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("greentrack_bench_synthetic", BENCH / "synthetic.py")
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, synthetic)
    spec.loader.exec_module(synthetic)
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=500, seed=19)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        for as_of in DATES:
            _both(ledger, monkeypatch, as_of, 120, False, 200)
        _both(ledger, monkeypatch, DATES[1], 80, True, 97)
    finally:
        ledger.close()


def test_a_bad_route_is_refused(demo: Ledger, tmp_path: Path) -> None:
    db = str(demo.url).removeprefix("sqlite:///")
    refused = run("status", cwd=tmp_path, GREENTRACK_DB=db, GREENTRACK_TARGET_LIST="sideways")
    assert refused.returncode != 0 and "target_list" in refused.stderr
    assert isinstance(refused, subprocess.CompletedProcess)
