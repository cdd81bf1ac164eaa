"""`greentrack --help` stays light: the command modules import the pipeline, the ledger, the web and their heavy
libraries only inside the commands that use them (the CPU it costs is measured in bench/bench_cli_start.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("numpy", "openpyxl", "sqlalchemy", "fastapi", "pdfplumber", "bs4", "docx", "matplotlib", "pydantic",
         "greentrack.pipeline", "greentrack.extract", "greentrack.ledger", "greentrack.web", "greentrack.reports",
         "typer.rich_utils", "markdown_it", "pygments")


def test_help_imports_nothing_heavy() -> None:
    probe = ("import json, sys\nsys.argv = ['greentrack', '--help']\nfrom greentrack.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nsys.stderr.write(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    loaded = json.loads(done.stderr)
    assert [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)] == []
    assert "Commands:" in done.stdout and "status" in done.stdout and "report" in done.stdout


def test_a_commands_help_needs_no_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading commands stop on a missing ledger file, but their --help is always there."""
    from typer.testing import CliRunner

    from greentrack.cli import app
    from greentrack.errors import LedgerError

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GREENTRACK_DB", raising=False)
    monkeypatch.delenv("GREENTRACK_DATABASE_URL", raising=False)
    for args in (["status", "--help"], ["warnings", "--department", "x", "--help"], ["target", "list", "--help"]):
        done = CliRunner().invoke(app, args)
        assert (done.exit_code, done.output.startswith("Usage: ")) == (0, True), (args, done.output)
    done = CliRunner().invoke(app, ["status"])
    assert isinstance(done.exception, LedgerError) and "no ledger at greentrack.db" in str(done.exception)
    assert list(tmp_path.iterdir()) == []  # no empty ledger made
