"""The supervision loop of a place as the 中期评估报告 tells it (reports/midterm.py LoopSummary): the open cycles'
departments per state, tasks and 督办 items per state, the items still open, and the departments' own words — the
newest answer of each department to each open item (存在问题, 整改措施, 完成时限) and the notes of their reports on
tasks overdue or in progress. The loop is read once for the place and the places below it by
services/follow_up.loop_facts, which the overview's card counts too.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.reports.midterm import DepartmentWords, LoopSummary
    from greentrack.services.task_progress import TaskState

SUBJECT_LIMIT = 40  # characters of a task's text named as the subject of its note


def report_loop(ledger: Ledger, place: str, as_of: date, reader: Principal) -> LoopSummary:
    """The loop of `place` (a code or name) on `as_of`, narrowed to what the reader may see."""
    from greentrack.ledger import repository
    from greentrack.reports.midterm import DepartmentWords, LoopSummary
    from greentrack.services import cycles
    from greentrack.services.follow_up import loop_facts

    facts = loop_facts(ledger, place, as_of, reader)
    unclosed = sorted((i for i in facts.items if i.state != "closed"), key=lambda i: (i.answer_due, i.id))
    with ledger.session() as session:
        answers = repository.report_texts.latest_answers(session, [i.id for i in unclosed])
    subjects = {i.id: (i.subjects[0].label if i.subjects else i.title) for i in unclosed}
    words = [DepartmentWords(department or "", subjects[item_id], problems, measures, complete_by)
             for item_id, department, problems, measures, complete_by in answers if department]
    words += [w for t in facts.tasks.items if (w := _task_words(t)) is not None]
    return LoopSummary(
        cycles=tuple((s.cycle.name, s.cycle.due_on, {state: n for state in cycles.STATES if (n := s.count(state))})
                     for s in facts.cycles),
        tasks=facts.task_counts(),
        items=facts.item_counts(),
        open_items=tuple((i.id, i.title, i.answer_due, i.state) for i in unclosed),
        words=tuple(sorted(words, key=lambda w: (w.department, w.subject, w.problems, w.measures))),
        task_states={t.record.task.id: t.latest.state for t in facts.tasks.items if t.latest is not None})


def _task_words(task: TaskState) -> DepartmentWords | None:
    """A department's note on a task overdue or in progress, as its own words on the task."""
    from greentrack.reports.midterm import DepartmentWords

    latest = task.latest
    if task.state not in ("overdue", "in_progress") or latest is None or not latest.note.strip():
        return None
    department = latest.department or next(iter(task.record.lead_departments or task.record.departments), None)
    if not department:
        return None
    text = task.record.task.text.strip()
    subject = text if len(text) <= SUBJECT_LIMIT else text[:SUBJECT_LIMIT] + "…"
    return DepartmentWords(department, subject, latest.note.strip(), "", task.due)
