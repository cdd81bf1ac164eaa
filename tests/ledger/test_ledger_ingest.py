"""Ingest stores every field of every seed target, re-ingesting unchanged bytes changes nothing, a revised plan
becomes a new version linked to the old, and a document that fails leaves nothing of itself while the others
still go in — on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from greentrack.extract import extract_targets
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.ingest import ADDED, FAILED, NEW_VERSION, UNCHANGED
from greentrack.outline import build_outline
from greentrack.pipeline.records import PlanToStore
from greentrack.read import read_document
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_file, ingest_paths

from .conftest import store_plans

JINXIANG = "370828"


def test_the_seeds_are_stored_field_for_field(seeded: Ledger, seed_plans: tuple[PlanToStore, ...]) -> None:
    with seeded.session() as session:
        stored = repository.documents.current_targets(session)
        documents = repository.documents.list_documents(session)
    expected = [t for plan in seed_plans for t, _ in plan.targets]
    assert [r.target for r in stored] == expected  # the extraction record survives the round trip exactly
    assert [d.targets for d in documents] == [len(p.targets) for p in seed_plans]
    assert [d.jurisdiction_code for d in documents] == [JINXIANG, JINXIANG, "620000", "140829", "150400"]
    assert all(d.version == 1 and d.previous_id is None for d in documents)


def test_resolution_and_departments_are_stored(seeded: Ledger) -> None:
    with seeded.session() as session:
        first = repository.documents.current_targets(session)[0]
        codes = repository.places.jurisdiction_codes_under(session, "370000")
    assert first.target.indicator == "常住人口城镇化率"
    assert (first.indicator_id, first.canonical_value, first.canonical_unit) == ("urbanisation_rate", 65.0, "%")
    assert first.jurisdiction_name == "金乡县"
    assert "金乡县住房和城乡建设局" in first.lead_departments  # written 县住建局
    assert "济宁市生态环境局金乡县分局" in first.departments
    assert set(first.lead_departments) <= set(first.departments)
    assert {"370000", "370800", JINXIANG} <= codes  # the parent chain is stored with the place


def test_reingesting_unchanged_files_changes_nothing(ledger: Ledger) -> None:
    first = list(ingest_paths(ledger, sample_paths()))
    with ledger.session() as session:
        before = repository.audit.row_counts(session)
    again = list(ingest_paths(ledger, sample_paths()))
    with ledger.session() as session:
        after = repository.audit.row_counts(session)
    assert [o.status for o in first] == [ADDED] * 5
    assert [o.status for o in again] == [UNCHANGED] * 5
    assert [o.document.id for o in again] == [o.document.id for o in first]
    assert before == after


def test_the_same_bytes_under_another_name_are_the_same_document(sqlite_ledger: Ledger, tmp_path: Path) -> None:
    original = sample_paths()[3]
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(original.read_bytes())
    assert ingest_file(sqlite_ledger, original).status == ADDED
    assert ingest_file(sqlite_ledger, copy).status == UNCHANGED


def _revised(tmp_path: Path) -> tuple[Path, Path]:
    """Seed 003 and a revision of it: the same title and place, one more sentence with a target."""
    original = sample_paths()[3]
    text = original.read_text(encoding="utf-8")
    marker = "新建住宅"
    at = text.index(marker)
    revised = text[:at] + "到2025年，县城建成区绿地率达到38%以上。" + text[at:]
    first, second = tmp_path / "v1" / original.name, tmp_path / "v2" / original.name
    for path, body in ((first, text), (second, revised)):
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")
    return first, second


def test_a_revised_plan_is_a_new_version_linked_to_the_old(ledger: Ledger, tmp_path: Path) -> None:
    first, second = _revised(tmp_path)
    one = ingest_file(ledger, first)
    two = ingest_file(ledger, second)
    assert (one.status, two.status) == (ADDED, NEW_VERSION)
    assert (two.document.version, two.document.previous_id) == (2, one.document.id)
    assert two.document.title == one.document.title
    with ledger.session() as session:
        current = repository.documents.current_targets(session)
        documents = repository.documents.list_documents(session)
    assert {r.document_id for r in current} == {two.document.id}  # status reads the newest version only
    assert any(r.target.indicator.endswith("绿地率") and r.target.value == 38 for r in current)
    assert [d.version for d in documents] == [1, 2]  # the old version is kept, not overwritten


def test_a_failing_document_is_named_and_the_others_go_in(ledger: Ledger, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    missing = tmp_path / "missing.txt"
    paths = [sample_paths()[3], broken, missing, sample_paths()[2]]
    outcomes = list(ingest_paths(ledger, paths))
    assert [o.status for o in outcomes] == [ADDED, FAILED, FAILED, ADDED]
    assert "broken.docx" in str(outcomes[1].error)
    assert "missing.txt" in str(outcomes[2].error)
    with ledger.session() as session:
        assert [d.name for d in repository.documents.list_documents(session)] == [paths[0].name, paths[3].name]


def test_a_document_failing_while_stored_leaves_nothing_half_written(
        ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> None:
    store_plans(ledger, seed_plans[3:4])
    with ledger.session() as session:
        before = repository.audit.row_counts(session)
    plan = seed_plans[0]
    # The same target twice: the unique (document, key) constraint fails after the document, its sections
    # and all other targets were already flushed — the transaction must take all of them back.
    doubled = dataclasses.replace(plan, targets=(*plan.targets, plan.targets[0]))
    with pytest.raises(IntegrityError), ledger.session() as session:
        repository.plans.add_plan(session, doubled)
    with ledger.session() as session:
        assert repository.audit.row_counts(session) == before


def test_extraction_is_what_ingest_stores(sqlite_ledger: Ledger) -> None:
    path = sample_paths()[4]
    outcome = ingest_file(sqlite_ledger, path)
    document = read_document(path)
    expected = extract_targets(document, build_outline(document))
    assert outcome.document.targets == len(expected) > 0
