"""The README's commands work exactly as written: every fenced bash block, in order, run as one script in a
temporary copy of the repository (with this environment's venv as its `.venv`). The two set-up commands — the
install-and-demo line and the test command — are left out: CI runs them itself, and the demo would serve forever.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SET_UP = ("pip install", "scripts/test.sh")  # what marks the two set-up blocks
FENCE = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)

pytestmark = pytest.mark.slow


def bash_blocks(text: str) -> list[str]:
    """The README's fenced bash blocks, in order."""
    return [match.group(1) for match in FENCE.finditer(text)]


def fresh_copy(folder: Path) -> Path:
    """The repository's tracked files (as a fresh clone has them) copied into `folder`."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the README test copies the tracked files")
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def test_the_set_up_blocks_are_the_two_left_out() -> None:
    blocks = bash_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    left_out = [b for b in blocks if any(mark in b for mark in SET_UP)]
    assert len(left_out) == 2, left_out
    assert "greentrack demo" in left_out[0] and left_out[1].strip() == "bash scripts/test.sh"
    assert len(blocks) > 2, "the README shows CLI commands beyond the set-up"


def test_every_readme_command_works_as_written(tmp_path: Path) -> None:
    if not (Path(sys.prefix) / "bin" / "greentrack").exists():
        pytest.fail(f"greentrack is not installed in {sys.prefix} — `pip install -e .` as the README says")
    copy = fresh_copy(tmp_path / "greentrack")
    (copy / ".venv").symlink_to(sys.prefix)  # what the README's install line makes
    blocks = [b for b in bash_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
              if not any(mark in b for mark in SET_UP)]
    script = "set -euxo pipefail\n" + "\n".join(blocks)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GREENTRACK_", "VIRTUAL_ENV"))}
    environment["PATH"] = os.pathsep.join(p for p in environment.get("PATH", "").split(os.pathsep)
                                          if not p.startswith(sys.prefix))  # only the README's own `source`
    environment["COLUMNS"] = "160"
    done = subprocess.run(["bash", "-c", script], cwd=copy, env=environment, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"a README command failed (the last `+` line):\n{done.stderr[-3000:]}"
    assert (copy / "greentrack-demo.db").is_file() and (copy / "greentrack.db").is_file()
    assert "金乡县" in done.stdout and "预警 warnings" in done.stdout and "督办清单" in done.stdout
    assert (copy / "住建局.xlsx").stat().st_size > 0 and (copy / "中期评估报告.docx").stat().st_size > 0
    assert len((copy / "targets.jsonl").read_text(encoding="utf-8").splitlines()) > 100
    assert "Error" not in done.stderr.replace("+ ", "")


def test_status_and_warnings_refuse_unknown_names_with_candidates(demo_ledger_copy: Path, tmp_path: Path) -> None:
    """What a newcomer mistypes is an error naming what the ledger holds, never an empty table with exit 0."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}

    def run(*args: str, db: Path = demo_ledger_copy) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                              cwd=tmp_path, env={**environment, "GREENTRACK_DB": str(db)}, timeout=300)

    done = run("status", "--jurisdiction", "金香县")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "Error: no plan in the ledger belongs to jurisdiction '金香县' — did you mean: 金乡县?\n"
    done = run("warnings", "--jurisdiction", "海淀区")
    assert done.returncode == 2 and "the ledger holds: " in done.stderr and "金乡县" in done.stderr
    done = run("warnings", "--department", "县住房局")
    assert done.returncode == 2 and done.stderr.startswith("Error: unknown department '县住房局' — did you mean: ")
    assert "金乡县住房和城乡建设局" in done.stderr
    done = run("status", "--department", "县水利厅")
    assert done.returncode == 2 and "unknown department '县水利厅'" in done.stderr
    done = run("status", "--jurisdiction", "金乡")  # a short name the ledger holds is no error
    assert done.returncode == 0 and "金乡县" in done.stdout
    missing = tmp_path / "greentrack.db"
    done = run("status", db=missing)
    assert done.returncode == 5 and done.stderr.startswith(f"Error: no ledger at {missing}")
    assert not missing.exists(), "nothing written: no empty ledger left behind"


def test_long_commands_show_a_spinner_on_a_terminal_only(demo_ledger_copy: Path, tmp_path: Path) -> None:
    """On a terminal a single long call (here the export) shows its label and elapsed seconds while it runs; piped,
    the output is only the result."""
    import pty

    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")},
                   "GREENTRACK_DB": str(demo_ledger_copy), "TERM": "xterm", "COLUMNS": "120"}
    command = [sys.executable, "-m", "greentrack.cli", "export", "--format", "csv", "--out", str(tmp_path / "l.csv")]
    main, terminal = pty.openpty()
    done = subprocess.run(command, stdin=terminal, stdout=terminal, stderr=terminal, env=environment, timeout=300)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: everything is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert done.returncode == 0
    assert "导出 exporting csv".encode() in shown and b"0:00:0" in shown  # the label and the seconds elapsed
    piped = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
    assert piped.returncode == 0 and piped.stderr == "" and piped.stdout == f"wrote {tmp_path / 'l.csv'}\n"
