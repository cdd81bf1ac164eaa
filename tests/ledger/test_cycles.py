"""Reporting cycles on SQLite and PostgreSQL: a cycle stores its items; a target is owed by its lead departments and a
task without a lead by all of its departments; a value for the cycle's period in a target's series (its own included)
and a task report naming the cycle count as reported, from when they were recorded; the states (partly, submitted,
not yet, late) follow; reminders are stored and listed per department; a closed cycle refuses a second close."""

from __future__ import annotations

import datetime as dt

import pytest

from greentrack.errors import InvalidField, StateConflict, UnknownCycle
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import NewObservation
from greentrack.ledger.schema import TaskProgressRow
from greentrack.services import cycles

ZHUJIAN, TRANSPORT, FARMING = "金乡县住房和城乡建设局", "金乡县交通运输局", "金乡县农业农村局"
GREEN_SPACE, SLUDGE = 14, 18  # targets of 金乡县's plan 1
# tasks: 全面完成农村房屋排查整治 (six departments, none leads); 老旧小区改造 (住建局 and 交通运输局 lead)
NO_LEAD, LED = 3, 7


def _open(ledger: Ledger, due: dt.date = dt.date(2099, 1, 31)) -> int:
    return cycles.open_cycle(ledger, "2025年度", "金乡县", "2025", due, dt.date(2025, 12, 1),
                             targets=[GREEN_SPACE, SLUDGE], tasks=[NO_LEAD, LED]).id


def test_who_owes_what_and_what_counts_as_reported(seeded: Ledger) -> None:
    cycle_id = _open(seeded)
    with seeded.session() as session:
        facts = {(f.kind, f.item_id): f for f in repository.cycles.cycle_facts(session, cycle_id)}
        assert "农村房屋排查整治" in facts[("task", NO_LEAD)].label
        assert len(facts[("task", NO_LEAD)].owers) == 6
        assert [name for _, name in facts[("task", LED)].owers] == [ZHUJIAN, TRANSPORT]
        assert all(f.reported_at is None for f in facts.values())
        sludge = repository.documents.get_target(session, SLUDGE)
    with seeded.session("test") as session:
        repository.observations.add_observations(session, NewObservation(
            "2025", 96.0, "%", sludge.jurisdiction_code, sludge.indicator_id, SLUDGE,
            series_key=sludge.observation_key))
        repository.observations.add_observations(session, NewObservation(  # another period does not count
            "2024", 95.0, "%", sludge.jurisdiction_code, sludge.indicator_id, GREEN_SPACE,
            series_key=f"target:{GREEN_SPACE}"))
        session.add(TaskProgressRow(task_id=LED, cycle_id=cycle_id, department_id=3, state="in_progress",
                                    reported_by="zhujian"))
    status = cycles.cycle_status(seeded, cycle_id)
    lines = {line.department: line for line in status.lines}
    assert (lines[ZHUJIAN].owed, lines[ZHUJIAN].reported, lines[ZHUJIAN].state) == (4, 2, "partly")
    assert (lines[TRANSPORT].owed, lines[TRANSPORT].state) == (1, "submitted")
    assert (lines[FARMING].owed, lines[FARMING].state) == (1, "not_yet")
    assert status.lines[-1].state == "submitted"  # laggards first
    before = cycles.cycle_status(seeded, cycle_id, dt.date(2025, 12, 2))  # reports after as_of do not count
    assert {line.state for line in before.lines} == {"not_yet"}
    with seeded.session("test") as session:  # a value in the target's own series counts as well
        repository.observations.add_observations(session, NewObservation(
            "2025", 40.0, "%", None, None, GREEN_SPACE, series_key=f"target:{GREEN_SPACE}"))
    assert {line.department: line.reported for line in cycles.cycle_status(seeded, cycle_id).lines}[ZHUJIAN] == 3


def test_late_reminders_and_close(seeded: Ledger) -> None:
    cycle_id = _open(seeded, dt.date(2025, 12, 31))
    late = cycles.cycle_status(seeded, cycle_id, dt.date(2026, 1, 5))
    assert {line.state for line in late.lines} == {"late"} and late.count("late") == len(late.lines)
    sent = cycles.remind(seeded, cycle_id, ZHUJIAN, "请尽快报送")
    assert (sent.mailed, sent.mail_error, sent.reminder.department) == (False, None, ZHUJIAN)
    with seeded.session() as session:
        assert [r.message for r in repository.cycles.list_reminders(session, department_id=3)] == ["请尽快报送"]
    owing = cycles.owed_by_department(seeded, ZHUJIAN)  # today: the reminder was sent by then
    assert [(o.cycle.id, o.line.owed, o.line.state, len(o.line.reminders)) for o in owing] == [(cycle_id, 4, "late", 1)]
    assert [c.id for c in cycles.list_cycles(seeded, "金乡县")] == [cycle_id]
    assert cycles.list_cycles(seeded, "赤峰市") == []
    closed = cycles.close_cycle(seeded, cycle_id)
    assert closed.closed_at is not None and not closed.open
    assert cycles.cycle_status(seeded, cycle_id).as_of == closed.closed_at.date()  # as it stood when closed
    assert cycles.owed_by_department(seeded, ZHUJIAN) == []  # closed cycles owe nothing
    with pytest.raises(StateConflict):
        cycles.close_cycle(seeded, cycle_id)
    with pytest.raises(UnknownCycle):
        cycles.cycle_status(seeded, 999)


def test_bad_input_stores_nothing(seeded: Ledger) -> None:
    for changes, field in (({"period": "2025-13"}, "period"), ({"name": " "}, "name"),
                           ({"targets": [GREEN_SPACE, 999]}, "targets")):
        arguments = {"name": "2025年度", "jurisdiction": "金乡县", "period": "2025", "due_on": dt.date(2099, 1, 1),
                     "targets": [GREEN_SPACE], **changes}
        with pytest.raises(InvalidField) as caught:
            cycles.open_cycle(seeded, **arguments)  # type: ignore[arg-type]
        assert caught.value.message.startswith(field)
    assert cycles.list_cycles(seeded) == []


def test_a_reporter_reading_its_reminders_marks_them_read(seeded: Ledger) -> None:
    from greentrack.auth import COORDINATOR, REPORTER, Principal

    cycle_id = _open(seeded, dt.date(2025, 12, 31))
    cycles.remind(seeded, cycle_id, ZHUJIAN, "请尽快报送")
    with seeded.session() as session:
        [department] = repository.departments.find_departments(session, ZHUJIAN)
    office = Principal("jinxiang", COORDINATOR, "370828", "金乡县", places=frozenset({"370828"}))
    reporter = Principal("zhujian", REPORTER, "370828", "金乡县", department.id, ZHUJIAN, frozenset({"370828"}),
                         frozenset())
    assert [r.read_at for r in cycles.department_reminders(seeded, ZHUJIAN, who=office)] == [None]
    assert [r.read_at for r in cycles.department_reminders(seeded, ZHUJIAN, who=office)] == [None]  # not the office's
    first = cycles.department_reminders(seeded, who=reporter)
    assert [r.read_at for r in first] == [None]  # shown as new this once
    [seen] = cycles.department_reminders(seeded, who=reporter)
    assert seen.read_at is not None
    line = next(x for x in cycles.cycle_status(seeded, cycle_id).lines if x.department == ZHUJIAN)
    assert line.reminders[0].read_at == seen.read_at  # the office's cycle page shows it was read
