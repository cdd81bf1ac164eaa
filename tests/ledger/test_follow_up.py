"""The supervision loop's summary (services/follow_up.py) and the department's page data (services/my_work.py) on
the demo ledger: an open cycle's departments by state, tasks by state, 督办 items by state with the late ones — each
narrowed to the reader (a coordinator of another place sees none of 金乡县's)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greentrack.auth import ADMINISTRATOR, COORDINATOR, Principal
from greentrack.services import cycles
from greentrack.services import supervision_items as items
from greentrack.services.follow_up import follow_up
from greentrack.services.ledger import open_ledger
from greentrack.services.my_work import department_work
from greentrack.services.scope import user_principal

OFFICE = Principal("office", ADMINISTRATOR)
ZHUJIAN = "金乡县住房和城乡建设局"
TODAY = dt.date.today()


def test_the_summary_counts_cycles_tasks_and_items(demo_ledger_copy: Path) -> None:
    ledger = open_ledger(db=demo_ledger_copy)
    try:
        empty = follow_up(ledger, "金乡县", TODAY, OFFICE)
        assert empty.cycles == () and empty.open_items == 0 and sum(empty.tasks.values()) > 0
        cycle = cycles.open_cycle(ledger, "2026年度", "金乡县", "2026", TODAY + dt.timedelta(days=30), who=OFFICE)
        open_item = items.create_item(ledger, "请报送绿地率", "说明进展", TODAY + dt.timedelta(days=10), lead=[ZHUJIAN],
                                      who=OFFICE)
        items.create_item(ledger, "逾期未答复", "说明原因", TODAY - dt.timedelta(days=1), lead=[ZHUJIAN], who=OFFICE)
        found = follow_up(ledger, "金乡县", TODAY, OFFICE)
        assert [s.cycle.id for s in found.cycles] == [cycle.id]
        assert sum(found.cycles[0].count(state) for state in cycles.STATES) == len(found.cycles[0].lines) > 0
        assert found.cycles[0].count("not_yet") == len(found.cycles[0].lines)  # nobody reported yet
        assert (found.items["open"], found.items["escalated"], found.items_late, found.open_items) == (1, 1, 1, 2)
        assert found.tasks == empty.tasks

        elsewhere = Principal("chifeng", COORDINATOR, "150400", "赤峰市", places=frozenset({"150400"}))
        theirs = follow_up(ledger, None, TODAY, elsewhere)
        assert theirs.cycles == () and theirs.open_items == 0

        work = department_work(ledger, None, TODAY, user_principal(ledger, "zhujian"))
        assert [o.cycle.id for o in work.owing] == [cycle.id] and work.owing[0].line.state == "not_yet"
        assert work.items[0].title == "逾期未答复"  # the late one first
        assert {i.id for i in work.items} >= {open_item.id} and work.items_overdue() == 1
    finally:
        ledger.close()


def test_the_report_reads_the_loop_task_states_and_open_items(demo_ledger_copy: Path) -> None:
    from greentrack.services import task_progress
    from greentrack.services.reports import midterm_report

    ledger = open_ledger(db=demo_ledger_copy)
    try:
        report = task_progress.report_task(ledger, 7, "in_progress", "已完成一半", who=OFFICE)
        item = items.create_item(ledger, "请报送进展", "说明进展", TODAY + dt.timedelta(days=10), lead=[ZHUJIAN],
                                 who=OFFICE)
        loop = midterm_report(ledger, "金乡县", TODAY, OFFICE).loop
        assert report.progress.state == loop.task_states[_task_key(ledger, 7)] == "in_progress"
        assert [i[0] for i in loop.open_items] == [item.id] and loop.items["open"] == 1
    finally:
        ledger.close()


def _task_key(ledger: object, task_id: int) -> str:
    from greentrack.ledger import repository

    with ledger.session() as session:  # type: ignore[attr-defined]
        return repository.review.get_task(session, task_id).task.id
