"""`greentrack task states|report|progress` and the task section of `greentrack warnings`, as a user runs them on a
copy of the demo ledger: the states with their counts, a report with an evidence file and its history (JSON too),
a refusal as one `Error:` line with nothing stored, and the reporter's own department only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from greentrack.ledger import repository
from greentrack.services.ledger import open_ledger


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment.update({"COLUMNS": "200", "GREENTRACK_DB": str(db), **env})
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=300)


def _rows(db: Path) -> dict[str, int]:
    ledger = open_ledger(db=db)
    try:
        with ledger.session() as session:
            return repository.audit.row_counts(session)
    finally:
        ledger.close()


def test_task_states_report_and_progress(demo_ledger_copy: Path, tmp_path: Path) -> None:
    db = demo_ledger_copy
    states = run(db, "task", "states", "--place", "金乡县", "--department", "住建局", "--as-of", "2025-06-30", "--json")
    assert states.returncode == 0, states.stderr
    found = json.loads(states.stdout)
    assert found["counts"] == {"not_started": 2, "in_progress": 0, "done": 0, "overdue": 3}
    assert {t["id"] for t in found["items"]} == {3, 4, 5, 6, 7}
    table = run(db, "task", "states", "--state", "overdue", "--as-of", "2025-06-30")
    assert table.returncode == 0 and "任务进展 task progress" in table.stdout and "逾期 overdue" in table.stdout

    evidence = tmp_path / "现场照片.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    done = run(db, "task", "report", "7", "--state", "done", "--note", "全部完成", "--evidence", str(evidence),
               GREENTRACK_USER="zhujian")
    assert done.returncode == 0, done.stderr
    assert "已完成 done · zhujian · 金乡县住房和城乡建设局 · 全部完成 · 佐证 evidence: 现场照片.png" in done.stdout
    progress = json.loads(run(db, "task", "progress", "7", "--json").stdout)
    assert progress["task"]["state"] == "done"
    assert [(h["state"], h["evidence"][0]["name"]) for h in progress["history"]] == [("done", "现场照片.png")]
    text = run(db, "task", "progress", "7").stdout
    assert text.startswith("#7 已完成 done · 期限 due 2025-12-31") and "现场照片.png" in text

    before = _rows(db)
    other = run(db, "task", "report", "11", "--state", "done", "--note", "x", GREENTRACK_USER="zhujian")
    assert other.returncode == 9 and other.stderr.startswith("Error: 任务 11 不属于 金乡县住房和城乡建设局")
    bad = run(db, "task", "report", "7", "--state", "finished")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: state: unknown task state 'finished'")
    hostile = tmp_path / "run.exe"
    hostile.write_bytes(b"MZ\x90\0")
    refused = run(db, "task", "report", "7", "--state", "in_progress", "--note", "x", "--evidence", str(evidence),
                  "--evidence", str(hostile))
    assert refused.returncode == 2 and "run.exe refused" in refused.stderr and "nothing was stored" in refused.stderr
    assert _rows(db) == before

    warned = run(db, "warnings", "--as-of", "2025-10-15", "--jurisdiction", "金乡县")
    assert warned.returncode == 0, warned.stderr
    assert "任务预警 task warnings" in warned.stdout and "任务逾期715天未完成" in warned.stdout
