"""`greentrack backup` / `greentrack restore` round-trip a ledger exactly: every table, row for row and value
for value, SQLite → file → PostgreSQL → file → SQLite; the file of a restored ledger equals the original's; a
restored PostgreSQL ledger hands out new ids after the restored ones. A damaged, truncated or edited backup,
and a restore into a ledger that is not empty, are refused with a clear error and write nothing.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from greentrack.errors import CorruptDocument, UsageError
from greentrack.ledger.backup import restore_backup, row_counts, snapshot, write_backup
from greentrack.ledger.records import NewObservation
from greentrack.services.users import add_user, create_token

from .conftest import ledger_at


def body(path: Path) -> list[str]:
    """The backup's lines without the header (it holds the time and dialect) and the footer (its digest)."""
    raw = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text(encoding="utf-8")
    return raw.splitlines()[1:-1]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("GREENTRACK_DB", "GREENTRACK_DATABASE_URL")}
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def _supervised(ledger: object) -> None:
    """A reporting cycle, a task report and an answered 督办 item with an evidence file (binary content)."""
    import datetime as dt

    from greentrack.auth import ADMINISTRATOR, Principal
    from greentrack.services import cycles, supervision_items, task_progress

    office = Principal("backup-office", ADMINISTRATOR)
    cycle = cycles.open_cycle(ledger, "2025年度", "金乡县", "2025", dt.date(2026, 1, 31), dt.date(2025, 12, 1),
                              who=office)
    task_progress.report_task(ledger, 7, "in_progress", "推进中", [], cycle.id, who=office)
    item = supervision_items.create_item(ledger, "备份督办", "请答复", dt.date(2026, 1, 31),
                                         lead=["金乡县住房和城乡建设局"], who=office)
    supervision_items.answer(ledger, item.id, "进展", "问题", "措施", "2026-06-30",
                             [("现场.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))], who=office)


def test_sqlite_to_postgresql_and_back_is_exact(demo_copy: Path, pg_schema_url: str, tmp_path: Path) -> None:
    original = ledger_at(demo_copy)
    add_user(original, "backup-admin", "administrator")  # users and tokens travel too (as hashes)
    create_token(original, "backup-admin")
    _supervised(original)  # the supervision loop's rows travel too, evidence files (bytes) included
    first = write_backup(original, tmp_path / "first.jsonl")
    expected = snapshot(original)
    original.close()
    assert first.rows == sum(len(rows) for rows in expected.values())
    assert first.tables["targets"] > 100 and first.tables["audit_log"] > 0
    assert first.tables["users"] >= 1 and first.tables["api_tokens"] >= 1
    assert first.tables["evidence_files"] == 1 and first.tables["supervision_events"] >= 2
    assert first.tables["reporting_cycles"] == 1 and first.tables["task_progress"] == 1

    postgres = ledger_at(pg_schema_url)
    try:
        restore_backup(postgres, tmp_path / "first.jsonl")
        assert snapshot(postgres) == expected
        write_backup(postgres, tmp_path / "second.jsonl.gz")
        # ids continue after the restored ones (PostgreSQL sequences were moved past them)
        with postgres.session("test") as session:
            from greentrack.ledger import repository

            target = repository.documents.current_targets(session)[0]
            added = repository.observations.add_observation(session, NewObservation(
                period="1999-01", value=1.0, unit=target.canonical_unit or "%", jurisdiction_code=None,
                indicator_id=None, target_id=target.id, source="backup test"))
        assert added.id > max(row[0] for row in expected["observations"])
    finally:
        postgres.close()
    assert body(tmp_path / "second.jsonl.gz") == body(tmp_path / "first.jsonl")

    back = ledger_at(tmp_path / "back.db")
    try:
        restore_backup(back, tmp_path / "second.jsonl.gz")
        assert snapshot(back) == expected
    finally:
        back.close()


def test_the_commands_round_trip_and_refuse_a_filled_ledger(reliability_demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ledger.jsonl.gz"
    done = cli("backup", str(out), "--db", str(reliability_demo))
    assert done.returncode == 0, done.stderr
    assert "rows in" in done.stdout and out.stat().st_size > 0
    done = cli("restore", str(out), "--db", str(tmp_path / "copy.db"))
    assert done.returncode == 0, done.stderr
    original, copy = ledger_at(reliability_demo), ledger_at(tmp_path / "copy.db")
    try:
        assert snapshot(copy) == snapshot(original)
    finally:
        original.close()
        copy.close()
    again = cli("restore", str(out), "--db", str(tmp_path / "copy.db"))
    assert again.returncode == UsageError.exit_code
    assert again.stderr.startswith("Error: the ledger at") and "is not empty" in again.stderr
    assert "Traceback" not in again.stderr


@pytest.mark.parametrize("damage", ["truncated", "edited", "not json", "other file", "empty"])
def test_a_damaged_backup_is_refused_and_writes_nothing(damage: str, reliability_demo: Path, tmp_path: Path) -> None:
    source = ledger_at(reliability_demo)
    write_backup(source, tmp_path / "good.jsonl")
    source.close()
    text = (tmp_path / "good.jsonl").read_text(encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text({"truncated": text[: len(text) * 2 // 3],
                    "edited": text.replace('"2025"', '"2026"', 1),
                    "not json": text.replace("\n", "\n{oops\n", 3),
                    "other file": "目标编号,期间\n1,2024\n",
                    "empty": ""}[damage], encoding="utf-8")
    target = ledger_at(tmp_path / "target.db")
    try:
        with pytest.raises(CorruptDocument, match=r"bad\.jsonl"):
            restore_backup(target, bad)
        assert not any(row_counts(target).values())
    finally:
        target.close()
