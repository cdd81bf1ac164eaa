"""Every malformed plan or sheet of the corpus, run as a user runs it (`greentrack ingest` / `greentrack import`),
gives a clear error naming the file, the row and column where there is one, and the reason; exits non-zero;
never shows a traceback; and leaves every table of the ledger exactly as it was.

The commands run in this process through `greentrack.cli.main`, the console script's own entry point:
an exception that escaped it would fail the test with its traceback.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from greentrack import cli
from greentrack.ledger.backup import snapshot
from greentrack.ledger.db import open_ledger

from .corpus import CASES, PLANS, SHEETS, Case, Good


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path,
            *args: str) -> tuple[int, str, str]:
    """Run `greentrack ARGS` on the ledger `db` in this process: exit code, stdout, stderr."""
    monkeypatch.setenv("GREENTRACK_DB", str(db))
    monkeypatch.delenv("GREENTRACK_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "argv", ["greentrack", *args])
    capsys.readouterr()
    try:
        cli.main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tables_of(db: Path) -> dict[str, list[list[object]]]:
    ledger = open_ledger(db=db)
    try:
        return snapshot(ledger)
    finally:
        ledger.close()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)
    assert len(PLANS) >= 15 and len(SHEETS) >= 15


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_clearly_and_writes_nothing(case: Case, good: Good, demo_db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = case.build(folder, good)
    before = tables_of(demo_db)
    code, _out, err = run_cli(monkeypatch, capsys, demo_db, case.command, str(path), *case.options)
    assert code == case.exit_code, err
    assert "Traceback" not in err
    error_lines = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == 1, err
    if case.names_file:
        assert path.name in error_lines[0]
    for words in case.reason:
        assert words in err, f"{words!r} not in {err!r}"
    assert tables_of(demo_db) == before


def test_a_good_row_is_imported(good: Good, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """The control: the corpus's rows differ from this accepted one only in what makes them bad."""
    path = tmp_path / "good.csv"
    path.write_text("目标编号 target id,期间 period,数值 value,单位 unit,来源 source\n"
                    + ",".join(good.cells()) + "\n", encoding="utf-8")
    before = tables_of(demo_db)
    code, out, err = run_cli(monkeypatch, capsys, demo_db, "import", str(path))
    assert code == 0, err
    assert "新增 1 added" in out
    after = tables_of(demo_db)
    assert len(after["observations"]) == len(before["observations"]) + 1


def test_zip_bomb_is_refused_before_unpacking(good: Good, tmp_path: Path) -> None:
    """The 300 MB bomb is refused with almost no memory: nothing was decompressed (its speed: bench/)."""
    from greentrack.errors import CorruptDocument
    from greentrack.read import read_document

    bomb = next(case for case in PLANS if case.name.startswith("zip-bomb .docx (300"))
    path = bomb.build(tmp_path, good)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(CorruptDocument, match="zip bomb"):
            read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024
