"""Every change to a target or an observation writes an audit row — who, when, what, before and after — in the
same transaction, so a change that is rolled back leaves no audit row either."""

from __future__ import annotations

import pytest

from greentrack.errors import DuplicateObservation
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import NewObservation

OBSERVATION = NewObservation(period="2024", value=62.1, unit="%", jurisdiction_code="370828",
                             indicator_id="urbanisation_rate", source="统计公报", reporter="县统计局")


def test_ingest_writes_one_create_row_per_target(seeded: Ledger) -> None:
    with seeded.session() as session:
        targets = repository.documents.current_targets(session)
        entries = repository.audit.audit_entries(session, "target")
    assert len(entries) == len(targets)
    assert {e.action for e in entries} == {"create"}
    assert {e.actor for e in entries} == {"test"}
    first = next(e for e in entries if e.entity_id == str(targets[0].id))
    assert first.before is None
    assert first.after["indicator"] == "常住人口城镇化率" and first.after["value"] == 65.0


def test_a_target_correction_keeps_before_and_after(seeded: Ledger) -> None:
    with seeded.session() as session:
        target_id = repository.documents.current_targets(session)[0].id
    with seeded.session("李主任") as session:
        repository.documents.update_target(session, target_id, value=66.0, year=2025)
    with seeded.session() as session:
        [entry] = [e for e in repository.audit.audit_entries(session, "target", target_id) if e.action == "update"]
        assert repository.documents.get_target(session, target_id).target.value == 66.0
    assert entry.actor == "李主任"
    assert (entry.before["value"], entry.before["year"]) == (65.0, 2026)
    assert (entry.after["value"], entry.after["year"]) == (66.0, 2025)
    assert entry.at is not None


def test_observations_are_audited_on_create_and_update(seeded: Ledger) -> None:
    with seeded.session("县统计局") as session:
        created = repository.observations.add_observation(session, OBSERVATION)
    with seeded.session("县发改局") as session:
        repository.observations.update_observation(session, created.id, value=62.4, note="快报数修订为年报数")
    with seeded.session() as session:
        entries = repository.audit.audit_entries(session, "observation", created.id)
    assert [(e.action, e.actor) for e in entries] == [("create", "县统计局"), ("update", "县发改局")]
    assert entries[0].after["value"] == 62.1 and entries[0].after["period_end"] == "2024-12-31"
    assert (entries[1].before["value"], entries[1].after["value"]) == (62.1, 62.4)
    assert entries[1].after["note"] == "快报数修订为年报数"


def test_an_unchanged_save_writes_no_row(seeded: Ledger) -> None:
    with seeded.session() as session:
        created = repository.observations.add_observation(session, OBSERVATION)
    with seeded.session() as session:
        repository.observations.update_observation(session, created.id, value=62.1)
        assert len(repository.audit.audit_entries(session, "observation", created.id)) == 1


def test_a_rolled_back_change_leaves_no_audit_row(seeded: Ledger) -> None:
    with seeded.session() as session:
        before = repository.audit.row_counts(session)
    with pytest.raises(DuplicateObservation), seeded.session("县统计局") as session:
        repository.observations.add_observation(session, OBSERVATION)
        repository.observations.add_observation(session, OBSERVATION)  # same key and period: the whole block goes
    with seeded.session() as session:
        assert repository.audit.row_counts(session) == before
