"""A person's review of targets and tasks (docs/review.md), on SQLite and PostgreSQL: each state with who and when,
every change in the audit log with before and after, rejected targets out of every list (kept in the ledger),
a bad value refused with its field named and nothing changed, added records that never collide with an
extraction id, the gold export's format, and the migration that adds the review to an existing ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, inspect, select

from greentrack.auth import ADMINISTRATOR, COORDINATOR, REPORTER, VIEWER, Principal
from greentrack.errors import Forbidden, InvalidField
from greentrack.ledger import repository
from greentrack.ledger.backup import snapshot
from greentrack.ledger.db import Ledger, alembic_config, open_ledger, upgrade
from greentrack.ledger.records import TargetRecord
from greentrack.ledger.schema import TargetRow
from greentrack.services import review_targets as review
from greentrack.services.gold import GOLD_FIELDS, gold_export
from greentrack.services.status import ledger_status

ADMIN = Principal("李主任", ADMINISTRATOR)
JINXIANG = "370828"


def _targets(ledger: Ledger, document_id: int = 1) -> list[TargetRecord]:
    with ledger.session() as session:
        return repository.documents.document_targets(session, document_id, rejected=True)


def _audit(ledger: Ledger, entity: str, entity_id: int) -> list[Any]:
    with ledger.session() as session:
        return repository.audit.audit_entries(session, entity, entity_id)


def test_confirm_correct_reject_and_add_are_recorded_and_audited(seeded: Ledger) -> None:
    first, second, third = _targets(seeded)[:3]
    assert first.review.state == "extracted" and first.review.unreviewed
    confirmed = review.confirm_target(seeded, first.id, ADMIN)
    assert (confirmed.review.state, confirmed.review.by) == ("confirmed", "李主任") and confirmed.review.at

    corrected = review.edit_target(seeded, second.id, {"value": "70", "lead_departments": ["县住建局"]}, ADMIN)
    assert (corrected.review.state, corrected.target.value) == ("corrected", 70.0)
    assert corrected.target.lead_departments == ("县住建局",)
    assert corrected.lead_departments == ("金乡县住房和城乡建设局",)  # the canonical department, resolved again
    assert "县住建局" in corrected.target.departments  # a lead answers for the target too
    [update] = [e for e in _audit(seeded, "target", second.id) if e.action == "update"]
    assert update.actor == "李主任" and update.before["review_state"] == "extracted"
    assert (update.before["value"], update.after["value"]) == (second.target.value, 70.0)
    assert update.after["review_state"] == "corrected" and update.after["lead_departments"] == ["县住建局"]

    rejected = review.reject_target(seeded, third.id, "探索性表述，不是目标", ADMIN)
    assert (rejected.review.state, rejected.review.reason) == ("rejected", "探索性表述，不是目标")
    assert third.id not in {r.record.id for r in ledger_status(seeded).rows}  # out of the status …
    assert third.id in {t.id for t in _targets(seeded)}  # … but kept, with its reason
    assert review.confirm_target(seeded, third.id, ADMIN).review.state == "confirmed"  # and back again

    text = review.review_sheet(seeded, 1, ADMIN).text
    start = _targets(seeded)[5].target.start  # inside a section of the plan
    added = review.add_target(seeded, 1, {"start": start, "end": start + 12, "indicator": "测试指标",
                                          "value": 5, "unit": "个", "year": 2025}, ADMIN)
    assert added.review.state == "added" and added.target.quote == text[start:start + 12]
    assert ":added-" in added.target.id and added.target.section  # its own key; the outline's section
    again = review.add_target(seeded, 1, {"start": start, "end": start + 12, "indicator": "测试指标", "value": 5},
                              ADMIN)
    assert again.target.id != added.target.id  # the same span twice: no key collision
    assert [e.action for e in _audit(seeded, "target", added.id)] == ["create"]
    assert review.edit_target(seeded, added.id, {"value": 6}, ADMIN).review.state == "added"


def test_a_sheet_lists_lowest_confidence_first_with_progress(seeded: Ledger) -> None:
    targets = _targets(seeded)
    review.reject_target(seeded, targets[0].id, "不是目标", ADMIN)
    review.confirm_target(seeded, targets[1].id, ADMIN)
    sheet = review.review_sheet(seeded, 1, ADMIN)
    assert [t.target.confidence for t in sheet.targets] == sorted(t.target.confidence for t in sheet.targets)
    assert len(sheet.targets) == len(targets)  # rejected included
    progress = sheet.progress
    assert (progress.total, progress.rejected, progress.confirmed, progress.to_review) == (
        len(targets), 1, 1, len(targets) - 2)
    with seeded.session() as session:
        assert repository.documents.get_document(session, 1).targets == len(targets) - 1  # lists leave it out


@pytest.mark.parametrize(("changes", "field"), [
    ({"value": "abc"}, "value"), ({"year": 1800}, "year"), ({"year": "abc"}, "year"),
    ({"lead_departments": ["县火星局"]}, "lead_departments"), ({"departments": "县火星局、县住建局"}, "departments"),
    ({"start": 10, "end": 10_000_000}, "end"), ({"start": -5, "end": 3}, "start"), ({"deadline": "2025-13-40"},
                                                                                     "deadline"),
    ({"comparator": "≈"}, "comparator"), ({"kind": "wish"}, "kind"), ({"indicator_id": "no_such_id"}, "indicator_id"),
    ({"indicator": " "}, "indicator"), ({"quote": "这句话不在规划里"}, "quote"), ({"colour": "red"}, "colour"),
    ({"unit": "平" * 40}, "unit"), ({"value": float("nan")}, "value"), ({"aspirational": "perhaps"}, "aspirational"),
])
def test_a_bad_edit_names_its_field_and_changes_nothing(seeded: Ledger, changes: dict, field: str) -> None:
    target = _targets(seeded)[0]
    before = snapshot(seeded)
    with pytest.raises(InvalidField) as caught:
        review.edit_target(seeded, target.id, changes, ADMIN)
    assert caught.value.field == field and caught.value.exit_code == 2 and caught.value.http_status == 422
    assert str(caught.value).startswith(f"{field}: ") and "nothing was changed" in str(caught.value)
    assert snapshot(seeded) == before


def test_an_unknown_department_suggests_the_places_own(seeded: Ledger) -> None:
    target = _targets(seeded)[0]
    with pytest.raises(InvalidField, match="unknown department '金乡县水务所'") as caught:
        review.edit_target(seeded, target.id, {"lead_departments": ["金乡县水务所"]}, ADMIN)
    assert caught.value.suggestions and all(name.startswith("金乡县") for name in caught.value.suggestions)


def test_a_bad_reason_or_span_is_refused_for_rejects_and_adds(seeded: Ledger) -> None:
    target = _targets(seeded)[0]
    before = snapshot(seeded)
    with pytest.raises(InvalidField, match=r"^reason: must not be empty"):
        review.reject_target(seeded, target.id, "  ", ADMIN)
    with pytest.raises(InvalidField, match=r"^start: a span"):
        review.add_target(seeded, 1, {"indicator": "x", "value": 1}, ADMIN)
    with pytest.raises(InvalidField, match=r"^value: is needed"):
        review.add_target(seeded, 1, {"indicator": "x", "start": 0, "end": 5}, ADMIN)
    with pytest.raises(InvalidField, match=r"^end: "):
        review.add_task(seeded, 1, {"start": 5, "end": 4}, ADMIN)
    assert snapshot(seeded) == before


def test_only_administrators_and_the_places_coordinators_review(seeded: Ledger) -> None:
    target = _targets(seeded)[0]
    with seeded.session() as session:
        places = frozenset(repository.places.jurisdiction_codes_under(session, JINXIANG))
    coordinator = Principal("金乡协调", COORDINATOR, JINXIANG, "金乡县", places=places)
    assert review.confirm_target(seeded, target.id, coordinator).review.state == "confirmed"
    elsewhere = Principal("赤峰协调", COORDINATOR, "150400", "赤峰市", places=frozenset({"150400"}))
    for who in (elsewhere, Principal("只读", VIEWER, JINXIANG, "金乡县", places=places),
                Principal("住建局", REPORTER, JINXIANG, "金乡县", target_ids=frozenset({target.id}))):
        before = snapshot(seeded)
        with pytest.raises(Forbidden):
            review.reject_target(seeded, target.id, "不是目标", who)
        with pytest.raises(Forbidden):
            review.review_sheet(seeded, 1, who)
        assert snapshot(seeded) == before


def test_tasks_are_reviewed_the_same_way(seeded: Ledger) -> None:
    sheet = review.review_sheet(seeded, 1, ADMIN)
    first, second = sheet.tasks[:2]
    assert review.confirm_task(seeded, first.id, ADMIN).review.state == "confirmed"
    corrected = review.edit_task(seeded, second.id, {"deadline": "2024-06-30", "lead_departments": "县住建局"}, ADMIN)
    assert (corrected.review.state, corrected.task.deadline) == ("corrected", "2024-06-30")
    assert corrected.lead_departments == ("金乡县住房和城乡建设局",)
    rejected = review.reject_task(seeded, first.id, "不是任务", ADMIN)
    assert rejected.review.state == "rejected"
    with seeded.session() as session:
        assert first.id not in {t.id for t in repository.documents.current_tasks(session)}
        assert [e.action for e in repository.audit.audit_entries(session, "task", first.id)] == [
            "create", "update", "update"]
    start = sheet.text.index("底前")
    added = review.add_task(seeded, 1, {"start": start - 10, "end": start + 2, "year": 2024}, ADMIN)
    assert (added.review.state, added.task.text, added.task.year) == ("added", sheet.text[start - 10:start + 2], 2024)
    with pytest.raises(InvalidField, match=r"^year: 1800"):
        review.edit_task(seeded, added.id, {"year": 1800}, ADMIN)


def test_the_gold_export_writes_reviewed_targets_in_the_gold_format(seeded: Ledger) -> None:
    targets = _targets(seeded)
    review.confirm_target(seeded, targets[0].id, ADMIN)
    review.edit_target(seeded, targets[1].id, {"value": 66}, ADMIN)
    review.reject_target(seeded, targets[2].id, "不是目标", ADMIN)
    export = gold_export(seeded, [1], ADMIN)
    assert [tuple(r) for r in export.records] == [GOLD_FIELDS] * 2
    first, second = export.records
    assert first["doc"] == "000_4e207f5d02bba44c.txt" and first["quote"] == targets[0].target.quote
    assert second["value"] == 66 and isinstance(second["value"], int)  # a whole number, as the gold writes it
    assert export.unreviewed == {1: len(targets) - 3}
    with pytest.raises(Forbidden):
        gold_export(seeded, [1], Principal("只读", VIEWER, JINXIANG, places=frozenset({JINXIANG})))


def test_a_correction_of_the_indicator_resolves_it_again(seeded: Ledger) -> None:
    target = next(t for t in _targets(seeded) if t.indicator_id == "urbanisation_rate")
    unresolved = review.edit_target(seeded, target.id, {"indicator_id": None}, ADMIN)
    assert unresolved.indicator_id is None and unresolved.canonical_value is None
    chosen = review.edit_target(seeded, target.id, {"indicator_id": "urbanisation_rate", "value": 70}, ADMIN)
    assert (chosen.indicator_id, chosen.canonical_value, chosen.canonical_unit) == ("urbanisation_rate", 70.0, "%")
    with seeded.session() as session:
        row = session.get(TargetRow, target.id)
        assert (row.resolution_how, row.resolution_score) == ("person", 1.0)
    kept = review.edit_target(seeded, target.id, {"indicator": "城镇化率（常住人口）"}, ADMIN)
    assert kept.indicator_id == "urbanisation_rate"  # a person's choice stands until a person changes it


def test_the_migration_adds_the_review_to_an_existing_ledger_keeping_every_row(ledger: Ledger) -> None:
    """A ledger at the previous revision (0003) with a plan in it: upgraded, every row is kept, unreviewed."""
    config = alembic_config()
    with ledger.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        command.upgrade(config, "0003_confidence")
    columns = {c["name"] for c in inspect(ledger.engine).get_columns("targets")}
    assert "review_state" not in columns
    metadata_tables = _old_tables(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(insert(metadata_tables["documents"]), [{
            "id": 1, "name": "a.txt", "path": "a.txt", "content_hash": "h", "series": "-|a", "version": 1,
            "text": "到2025年，绿地率达到40%。", "ingested_at": _now()}])
        connection.execute(insert(metadata_tables["targets"]), [{
            "id": 1, "document_id": 1, "key": "a:6-15:x", "indicator": "绿地率", "comparator": ">=", "value": 40.0,
            "unit": "%", "year": 2025, "kind": "level", "aspirational": False, "departments": [],
            "lead_departments": [], "section": [], "quote": "绿地率达到40%", "start": 6, "end": 15,
            "resolution_score": 0.0, "resolution_how": "none"}])
        connection.execute(insert(metadata_tables["tasks"]), [{
            "id": 1, "document_id": 1, "key": "a:0-5:task", "text": "到2025年", "departments": [],
            "lead_departments": [], "section": [], "quote": "到2025年", "start": 0, "end": 5}])
    upgrade(ledger.engine)
    with ledger.session() as session:
        [target] = repository.documents.document_targets(session, 1)
        [task] = repository.review.document_tasks(session, 1)
        assert repository.audit.row_counts(session)["targets"] == 1
    assert (target.target.value, target.review.state, task.review.state) == (40.0, "extracted", "extracted")


def _old_tables(ledger: Ledger) -> dict[str, Any]:
    from sqlalchemy import MetaData

    metadata = MetaData()
    metadata.reflect(ledger.engine, only=["documents", "targets", "tasks"])
    return dict(metadata.tables)


def _now() -> Any:
    import datetime as dt

    return dt.datetime(2025, 1, 1)


def test_the_cli_names_the_field_and_exits_2(tmp_path: Path, seed_plans: tuple, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from greentrack import cli
    from ledger.conftest import store_plans

    db = tmp_path / "ledger.db"
    ledger = open_ledger(db=db)
    store_plans(ledger, seed_plans[:1])
    target = _targets(ledger)[0]
    before = snapshot(ledger)
    monkeypatch.setenv("GREENTRACK_DB", str(db))
    monkeypatch.delenv("GREENTRACK_DATABASE_URL", raising=False)
    for args, field in ((("--value", "abc"), "value"), (("--year", "1800"), "year"),
                        (("--lead", "县火星局"), "lead_departments"), (("--start", "1", "--end", "99999999"), "end")):
        monkeypatch.setattr(sys, "argv", ["greentrack", "target", "edit", str(target.id), *args])
        with pytest.raises(SystemExit) as exit_:
            cli.main()
        error = capsys.readouterr().err.strip()
        assert exit_.value.code == 2 and error.startswith(f"Error: {field}: ") and "\n" not in error
    assert snapshot(ledger) == before
    monkeypatch.setattr(sys, "argv", ["greentrack", "target", "edit", str(target.id), "--value", "70", "--lead",
                                      "县住建局"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 0 and "已修正 corrected" in capsys.readouterr().out
    with ledger.session() as session:
        assert session.scalar(select(TargetRow.value).where(TargetRow.id == target.id)) == 70.0
    ledger.close()


def test_a_reporting_sheet_naming_a_rejected_target_is_refused_with_the_reason(seeded: Ledger,
                                                                                tmp_path: Path) -> None:
    from greentrack.errors import ImportRejected
    from greentrack.services.observations import import_observations

    target = next(t for t in _targets(seeded) if t.target.unit == "%")
    review.reject_target(seeded, target.id, "不是目标", ADMIN)
    sheet = tmp_path / "填报.csv"
    sheet.write_text(f"目标编号 target id,期间 period,数值 value,单位 unit,来源 source,备注 note\n"
                     f"{target.id},2024,50,%,统计公报,\n", encoding="utf-8")
    before = snapshot(seeded)
    with pytest.raises(ImportRejected) as caught:
        import_observations(seeded, sheet, who=ADMIN)
    [problem] = caught.value.problems
    assert "rejected in review" in problem.reason_en and "已在审核中剔除" in problem.reason
    assert snapshot(seeded) == before


def test_a_coordinator_sees_the_review_of_its_places_tasks_in_the_audit_log(seeded: Ledger) -> None:
    from greentrack.services.users import audit_entries

    task = review.review_sheet(seeded, 1, ADMIN).tasks[0]
    review.confirm_task(seeded, task.id, ADMIN)
    with seeded.session() as session:
        places = frozenset(repository.places.jurisdiction_codes_under(session, JINXIANG))
    here = Principal("金乡协调", COORDINATOR, JINXIANG, "金乡县", places=places)
    there = Principal("赤峰协调", COORDINATOR, "150400", "赤峰市", places=frozenset({"150400"}))
    mine = [e for e in audit_entries(seeded, "task", who=here) if e.entity_id == str(task.id)]
    assert [e.action for e in mine] == ["update", "create"] and mine[0].after["review_state"] == "confirmed"
    assert not [e for e in audit_entries(seeded, "task", who=there) if e.entity_id == str(task.id)]
