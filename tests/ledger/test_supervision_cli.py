"""`greentrack supervise …` on a copy of the demo ledger: an item created from a warning and by hand, its letter
written as .docx, answered with evidence files, returned, answered again, closed; one escalated with a record and
the overdue ones by themselves; a bad answer one `Error:` line, exit code 2, nothing stored; a reporter (acting
as GREENTRACK_USER) refused the office's steps."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from docx import Document

from greentrack.services.ledger import open_ledger

from .test_supervision_items import counts, warned_target

TODAY = dt.date.today()


def cli(db: Path, *args: str, user: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greentrack.cli", "supervise", *args], capture_output=True,
                          text=True, env={**os.environ, "GREENTRACK_DB": str(db), "GREENTRACK_USER": user},
                          timeout=120)


def test_the_loop_with_the_cli(demo_ledger_copy: Path, tmp_path: Path) -> None:
    db = demo_ledger_copy
    ledger = open_ledger(db=db)
    try:
        target = warned_target(ledger)
    finally:
        ledger.close()
    due = (TODAY + dt.timedelta(days=20)).isoformat()
    made = cli(db, "from-warning", str(target), "--due", due, "--json", user="jinxiang")
    assert made.returncode == 0, made.stderr
    warned = json.loads(made.stdout)
    assert (warned["state"], warned["source"], warned["created_by"]) == ("open", "warning", "jinxiang")

    made = cli(db, "create", "--title", "关于老旧小区改造的督办", "--requirement", "请报送进展", "--due", due,
               "--lead", "县住建局", "--support", "县交通运输局", "--target", str(target), "--json")
    assert made.returncode == 0, made.stderr
    number = str(json.loads(made.stdout)["id"])
    assert cli(db, "issue", number, "--issuer", "金乡县人民政府督查室", "--number", "金督办〔2026〕5号",
               "--date", "2026-12-06").returncode == 0
    letter = tmp_path / "督办函.docx"
    written = cli(db, "letter", number, "-o", str(letter))
    assert written.returncode == 0 and letter.exists()
    texts = [p.text for p in Document(str(letter)).paragraphs if p.text.strip()]
    assert texts[:2] == ["金乡县人民政府督查室", "金督办〔2026〕5号"] and "二〇二六年十二月六日" in texts

    evidence = tmp_path / "现场照片说明.txt"
    evidence.write_text("照片三张", encoding="utf-8")
    parts = ["--progress", "已完成80%", "--problems", "资金到位慢", "--measures", "每周调度",
             "--complete-by", "2027-06-30"]
    ledger = open_ledger(db=db)
    before = counts(ledger)
    refused = cli(db, "answer", number, *parts[:4], "--complete-by", "2027-06-30", "--evidence", str(evidence))
    assert refused.returncode == 2 and refused.stderr.startswith("Error: measures:") and "nothing" in refused.stderr
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ\x90")
    refused = cli(db, "answer", number, *parts, "--evidence", str(evidence), "--evidence", str(bad))
    assert refused.returncode == 2 and "x.exe" in refused.stderr and "nothing was stored" in refused.stderr
    assert counts(ledger) == before
    ledger.close()

    answered = cli(db, "answer", number, *parts, "--evidence", str(evidence), user="zhujian")
    assert answered.returncode == 0, answered.stderr
    assert "现场照片说明.txt" in answered.stdout and "已答复" in answered.stdout
    assert cli(db, "close", number, user="zhujian").returncode == 9  # a reporter: Forbidden
    assert cli(db, "return", number, "--reason", "措施不具体").returncode == 0
    assert cli(db, "answer", number, *parts, user="zhujian").returncode == 0
    closed = cli(db, "close", number, "--note", "整改到位")
    assert closed.returncode == 0 and "已销号 closed" in closed.stdout
    assert cli(db, "close", number).returncode == 2  # closed already: a state conflict

    shown = json.loads(cli(db, "show", number, "--json").stdout)
    assert [e["action"] for e in shown["events"]] == ["created", "issued", "answered", "returned", "answered",
                                                      "closed"]
    assert shown["answers"][0]["evidence"][0]["name"] == "现场照片说明.txt"

    escalated = cli(db, "escalate", str(warned["id"]), "--record", "12月8日约谈住建局，议定月底完成")
    assert escalated.returncode == 0 and "已升级/约谈" in escalated.stdout
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    made = json.loads(cli(db, "create", "--title", "逾期", "--requirement", "请答复", "--due", tomorrow,
                          "--lead", "金乡县住房和城乡建设局", "--json").stdout)
    late = (TODAY + dt.timedelta(days=2)).isoformat()
    itself = cli(db, "escalate", "--as-of", late, "--json")
    assert itself.returncode == 0 and json.loads(itself.stdout) == {"escalated": [made["id"]]}
    listed = cli(db, "list", "--state", "escalated")
    assert listed.returncode == 0 and "逾期" in listed.stdout
    assert cli(db, "list", "--state", "lost").returncode == 2
