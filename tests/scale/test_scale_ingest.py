"""Ingest on a pool or on Ray stores exactly what the one-at-a-time ingest stores, and keeps its guarantees:
the same bytes are never stored twice, a plan that cannot be written fails alone and leaves nothing behind."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.ingest import ADDED, FAILED, UNCHANGED, write_batch
from greentrack.pipeline.memo import MemoResolver
from greentrack.pipeline.records import PlanToStore
from greentrack.pipeline.steps import extract_plan
from greentrack.resolve import Resolver, resolve_target
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans

from .ledger_dump import dump


def test_pool_ingest_stores_the_same_rows_as_the_local_ingest(ledger: Ledger, tmp_path: Path,
                                                              seed_paths: list[Path]) -> None:
    reference = open_ledger(db=tmp_path / "local.db")
    local = list(ingest_plans(reference, seed_paths))
    pooled = list(ingest_plans(ledger, seed_paths, engine="pool", workers=2))
    assert [o.status for o in pooled] == [ADDED] * 5
    assert [(o.path, o.document.targets, o.document.tasks, o.document.title) for o in pooled] == \
        [(o.path, o.document.targets, o.document.tasks, o.document.title) for o in local]  # type: ignore[union-attr]
    assert dump(ledger) == dump(reference)
    reference.close()


def test_ray_ingest_prints_and_stores_what_the_local_ingest_does(ray_address: str, tmp_path: Path,
                                                                  seed_paths: list[Path]) -> None:
    """`greentrack ingest --engine ray` on a folder with a corrupt file: the same lines, errors, exit code and rows.

    Through the CLI, joining the session's Ray instance (the in-process driver is tested in test_scale_engines).
    """
    folder = tmp_path / "plans"
    folder.mkdir()
    for seed in seed_paths:
        shutil.copy(seed, folder / seed.name)
    (folder / "broken.docx").write_bytes(b"not a zip archive")
    local = _ingest_cli(folder, tmp_path / "a" / "ledger.db")
    scaled = _ingest_cli(folder, tmp_path / "b" / "ledger.db", "--engine", "ray", "--ray-address", ray_address)
    assert scaled.returncode == local.returncode == 2, scaled.stderr
    assert scaled.stdout.replace(str(tmp_path / "b"), "…") == local.stdout.replace(str(tmp_path / "a"), "…")
    assert scaled.stdout.count("已入库 added") == 5
    assert scaled.stderr == local.stderr
    assert scaled.stderr.startswith(f"Error: cannot read {folder / 'broken.docx'}: not a valid .docx: ")
    stored = [open_ledger(db=tmp_path / side / "ledger.db") for side in "ab"]
    assert dump(stored[1]) == dump(stored[0])
    assert _counts(stored[1])["documents"] == 5
    for ledger in stored:
        ledger.close()


def _ingest_cli(folder: Path, db: Path, *engine: str) -> subprocess.CompletedProcess[str]:
    """`greentrack ingest FOLDER` into the SQLite ledger `db`, as the login user, on a wide terminal."""
    db.parent.mkdir()
    unset = ("GREENTRACK_DATABASE_URL", "GREENTRACK_USER", "RAY_ADDRESS")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(GREENTRACK_DB=str(db), COLUMNS="300")
    return subprocess.run([sys.executable, "-m", "greentrack.cli", "ingest", str(folder), *engine], cwd=db.parent,
                          capture_output=True, text=True, timeout=300, env=environment)


def test_the_same_bytes_are_unchanged_the_next_time_and_the_second_time_in_one_run(
        sqlite_ledger: Ledger, tmp_path: Path, seed_paths: list[Path]) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_paths[0].read_bytes())
    first = list(ingest_plans(sqlite_ledger, [*seed_paths, copy], engine="pool"))
    assert [o.status for o in first] == [ADDED] * 5 + [UNCHANGED]
    assert first[5].document == first[0].document
    counts = _counts(sqlite_ledger)
    again = list(ingest_plans(sqlite_ledger, [copy, *seed_paths], engine="pool"))
    assert [o.status for o in again] == [UNCHANGED] * 6
    assert [o.document.id for o in again] == [first[0].document.id] + [o.document.id for o in first[:5]]  # type: ignore[union-attr]
    assert _counts(sqlite_ledger) == counts


def test_unreadable_files_fail_by_name_in_their_place(sqlite_ledger: Ledger, tmp_path: Path,
                                                     seed_paths: list[Path]) -> None:
    empty, missing = tmp_path / "empty.txt", tmp_path / "missing.txt"
    empty.write_bytes(b"")
    outcomes = list(ingest_plans(sqlite_ledger, [empty, seed_paths[0], missing, seed_paths[1]],
                                 engine="pool", workers=2))
    assert [o.status for o in outcomes] == [FAILED, ADDED, FAILED, ADDED]
    assert [o.path for o in outcomes] == [empty, seed_paths[0], missing, seed_paths[1]]
    assert str(outcomes[0].error) == f"cannot read {empty}: the file is empty (0 bytes)"
    assert str(outcomes[2].error).startswith(f"cannot read {missing}: ")
    assert _counts(sqlite_ledger)["documents"] == 2


def test_a_plan_that_cannot_be_written_fails_alone_and_leaves_nothing(
        ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> None:
    bad = seed_plans[2]
    bad = dataclasses.replace(bad, targets=(*bad.targets, bad.targets[0]))  # the same target key twice
    plans = [seed_plans[0], seed_plans[1], bad, seed_plans[3]]
    outcomes = write_batch(ledger, plans, actor="test")
    assert [o.status for o in outcomes] == [ADDED, ADDED, FAILED, ADDED]
    assert str(outcomes[2].error) == f"cannot store {bad.path}: a constraint failed"
    with ledger.session() as session:
        stored = repository.documents.list_documents(session)
        audited = repository.audit.audit_entries(session, "target")
    assert [d.content_hash for d in stored] == [p.content_hash for p in (seed_plans[0], seed_plans[1], seed_plans[3])]
    expected_targets = sum(len(p.targets) for p in (seed_plans[0], seed_plans[1], seed_plans[3]))
    assert sum(d.targets for d in stored) == len(audited) == expected_targets
    assert {a.actor for a in audited} == {"test"}


def test_the_batch_writer_stores_what_the_one_at_a_time_writer_stores(
        ledger: Ledger, tmp_path: Path, seed_plans: tuple[PlanToStore, ...]) -> None:
    reference = open_ledger(db=tmp_path / "one-by-one.db")
    for plan in seed_plans:
        with reference.session("test") as session:
            repository.plans.add_plan(session, plan)
    # a second version of the first plan in the same batch: versions chain as they do one at a time
    revised = dataclasses.replace(seed_plans[0], content_hash="0" * 64, text=seed_plans[0].text + "\n")
    with reference.session("test") as session:
        repository.plans.add_plan(session, revised)
    outcomes = write_batch(ledger, [*seed_plans, revised], actor="test")
    assert [o.status for o in outcomes] == [ADDED] * 5 + ["new_version"]
    assert dump(ledger) == dump(reference)
    reference.close()


def test_the_memo_resolver_resolves_as_the_resolver_does(synthetic: ModuleType, seed_paths: list[Path],
                                                         tmp_path: Path) -> None:
    paths = [*seed_paths, *synthetic.write_corpus(tmp_path, 20, seed=3)]
    targets = [t for path in paths for t in extract_plan(path).targets]
    plain, memo = Resolver(), MemoResolver()
    assert len(targets) > 400
    first = [resolve_target(t, memo) for t in targets]
    assert first == [resolve_target(t, plain) for t in targets]
    assert [resolve_target(t, memo) for t in targets] == first  # answered from the memo the second time


def _counts(ledger: Ledger) -> dict[str, int]:
    with ledger.session() as session:
        return repository.audit.row_counts(session)


@pytest.fixture
def seed_paths() -> list[Path]:
    return sample_paths()
