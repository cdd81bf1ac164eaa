"""Decisions survive a new version of the plan: re-ingesting an edited copy (one target's sentence changed, one
paragraph moved) keeps every untouched decision — confirmed, corrected, rejected, added — at the statement's new
place, sends exactly the changed one back to review with the old decision beside it, and moves the values filed
for a target itself to the target that continues it. On SQLite and PostgreSQL, through `ingest_plans`."""

from __future__ import annotations

from pathlib import Path

from greentrack.auth import ADMINISTRATOR, Principal
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import NewObservation, TargetRecord
from greentrack.pipeline.steps import read_plan
from greentrack.services import review_targets as review
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import ledger_status

ADMIN = Principal("王科长", ADMINISTRATOR)


def _plan(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "金乡县推动城乡建设绿色发展实施方案.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _paragraph(text: str, quote: str) -> tuple[int, int]:
    start = text.rindex("\n", 0, text.index(quote)) + 1
    return start, text.index("\n", start) + 1


def _one(records: list[TargetRecord], quote: str) -> TargetRecord:
    [found] = [r for r in records if r.target.quote == quote]
    return found


def test_decisions_are_carried_and_exactly_the_changed_statement_goes_back(ledger: Ledger, tmp_path: Path) -> None:
    seed = sample_paths()[0]
    text = read_plan(seed).document.text  # the plan as the ledger reads it, written out as a plan of its own
    [first] = list(ingest_plans(ledger, [_plan(tmp_path / "v1", text)], actor="test"))
    old = review.review_sheet(ledger, first.document.id, ADMIN)
    by_start = sorted(old.targets, key=lambda t: t.target.start)
    confirmed, corrected, rejected, changed = by_start[0], by_start[3], by_start[5], by_start[7]
    own = by_start[1]  # a value will be filed for it itself (target:<id>), not under its indicator
    review.confirm_target(ledger, confirmed.id, ADMIN)
    review.confirm_target(ledger, own.id, ADMIN)
    review.edit_target(ledger, corrected.id, {"value": 99, "lead_departments": ["县住建局"]}, ADMIN)
    review.reject_target(ledger, rejected.id, "不是本规划的目标", ADMIN)
    review.confirm_target(ledger, changed.id, ADMIN)
    gap = old.text.index("。", by_start[20].target.end) + 1  # a sentence with no target in it
    start = old.text.rindex("。", 0, gap - 1) + 1
    added = review.add_target(ledger, first.document.id, {"start": start, "end": gap - 1, "indicator": "补录指标",
                                                           "value": 3, "unit": "个", "year": 2025}, ADMIN)
    with ledger.session("县统计局") as session:
        repository.observations.add_observation(session, NewObservation("2024", 1.0, own.target.unit,
                                                                        target_id=own.id))

    # the edited copy: the changed target's number is another, the corrected target's paragraph moves to the end
    value = f"{changed.target.value:g}"
    assert changed.target.quote.count(value) == 1
    edited = text.replace(changed.target.quote, changed.target.quote.replace(value, str(int(float(value)) + 7)), 1)
    first_char, last_char = _paragraph(edited, corrected.target.quote)
    paragraph = edited[first_char:last_char]
    edited = edited[:first_char] + edited[last_char:]
    tail = edited.rindex("\n", 0, len(edited) - 2) + 1
    edited = edited[:tail] + paragraph + edited[tail:]
    [second] = list(ingest_plans(ledger, [_plan(tmp_path / "v2", edited)], actor="test"))
    assert (second.status, second.document.version) == ("new_version", 2)

    new = review.review_sheet(ledger, second.document.id, ADMIN)
    records = list(new.targets)
    states = {state: [r for r in records if r.review.state == state] for state in
              ("confirmed", "corrected", "rejected", "added")}
    assert [len(states[s]) for s in ("confirmed", "corrected", "rejected", "added")] == [2, 1, 1, 1]
    carried = _one(records, confirmed.target.quote)
    assert (carried.review.state, carried.review.by, carried.review.previous_id) == ("confirmed", "王科长",
                                                                                     confirmed.id)
    moved = _one(records, corrected.target.quote)
    assert moved.review.state == "corrected" and moved.target.value == 99.0
    assert moved.target.lead_departments == ("县住建局",) and moved.lead_departments == ("金乡县住房和城乡建设局",)
    assert moved.target.start > corrected.target.start + 1000  # at its paragraph's new place
    assert new.text[moved.target.start:moved.target.end] == moved.target.quote
    out = _one(records, rejected.target.quote)
    assert (out.review.state, out.review.reason) == ("rejected", "不是本规划的目标")
    [copy] = states["added"]
    assert (copy.target.indicator, copy.target.quote, copy.review.previous_id) == ("补录指标", added.target.quote,
                                                                                 added.id)
    # exactly the changed statement went back to review, with the old decision beside it
    back = [r for r in records if r.review.previous]
    assert len(back) == 1
    [again] = back
    assert again.review.state == "extracted" and again.review.previous_id == changed.id
    assert again.review.previous["state"] == "confirmed" and again.review.previous["quote"] == changed.target.quote
    assert again.target.value == changed.target.value + 7
    # the value filed for the target itself stays with the target that continues it
    continued = _one(records, own.target.quote)
    assert continued.review.state == "confirmed"
    status = {row.record.id: row for row in ledger_status(ledger).rows}
    assert [o.value for o in status[continued.id].observations] == [1.0]
    assert own.id not in status and rejected.id not in status and out.id not in status
    with ledger.session() as session:
        assert not repository.observations.observations_for(
            session, repository.documents.targets_by_ids(session, [own.id]))[own.id]
        entries = repository.audit.audit_entries(session, "target", moved.id)
        assert [e.action for e in entries] == ["create", "update"] and entries[1].after["value"] == 99.0
    assert review.review_sheet(ledger, second.document.id, ADMIN).vanished == ()
