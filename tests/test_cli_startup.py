"""`greentrack --help` stays light: the command modules import the pipeline, the ledger, the web and their heavy
libraries only inside the commands that use them (the CPU it costs is measured in bench/bench_cli_start.py)."""

from __future__ import annotations

import json
import subprocess
import sys

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
