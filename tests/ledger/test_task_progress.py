"""Task progress (任务进展) on SQLite and PostgreSQL: a task's state is its newest report and 逾期 is computed on
`as_of` (a year-only task is due on 31 December); only its own departments' reporters, the coordinators of its place
and administrators report; a bad state, a missing note, or any refused evidence file (too big, a forbidden type, a
zip bomb) is refused with nothing stored; overdue tasks warn red, tasks due soon and not started yellow."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from greentrack.auth import ADMINISTRATOR, COORDINATOR, REPORTER, VIEWER, Principal
from greentrack.errors import EvidenceRefused, Forbidden, InvalidField, StateConflict, UnknownCycle, UnknownTask
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.models import Task
from greentrack.services import review_targets as review
from greentrack.services import task_progress as tasks
from greentrack.services.my_work import department_work

JINXIANG = "370828"
ZHUJIAN = "金乡县住房和城乡建设局"
ADMIN = Principal("李主任", ADMINISTRATOR)
OFFICE = Principal("jinxiang", COORDINATOR, JINXIANG, "金乡县", places=frozenset({JINXIANG}))
OTHER_OFFICE = Principal("chifeng", COORDINATOR, "150400", "赤峰市", places=frozenset({"150400"}))
VIEWING = Principal("viewer", VIEWER, JINXIANG, "金乡县", places=frozenset({JINXIANG}))
SUMMER = date(2025, 6, 30)


def _department_id(ledger: Ledger, name: str) -> int:
    with ledger.session() as session:
        return next(d.id for d in repository.departments.list_departments(session) if d.name == name)


def _reporter(ledger: Ledger, department: str = ZHUJIAN, name: str = "zhujian") -> Principal:
    return Principal(name, REPORTER, JINXIANG, "金乡县", _department_id(ledger, department), department,
                     frozenset({JINXIANG}), frozenset())


def _task_id(ledger: Ledger, text: str) -> int:
    with ledger.session() as session:
        return next(t.id for t in repository.documents.current_tasks(session, "金乡县") if text in t.task.text)


def _counts(ledger: Ledger) -> dict[str, int]:
    with ledger.session() as session:
        return repository.audit.row_counts(session)


def _zip_bomb() -> bytes:
    """A valid .docx-shaped zip whose one part expands ~1000:1 (20 MB of zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def test_due_day_and_state_on_a_day() -> None:
    def task(year: int | None, deadline: str | None) -> Task:
        return Task("k", "d", "全面完成", year, deadline, (), (), (), "全面完成", 0, 4)

    assert tasks.due_of(task(2023, "2023-10-31")) == date(2023, 10, 31)
    assert tasks.due_of(task(2025, None)) == date(2025, 12, 31)  # a year only: the end of that year
    assert tasks.due_of(task(2025, "2025-10")) == date(2025, 12, 31)  # a date it cannot read falls back on the year
    assert tasks.due_of(task(None, None)) is None
    due = date(2023, 10, 31)
    assert tasks.state_on(None, due, date(2023, 10, 31)) == "not_started"  # due that day: not yet overdue
    assert tasks.state_on(None, due, date(2023, 11, 1)) == "overdue"
    assert tasks.state_on("in_progress", due, date(2023, 11, 1)) == "overdue"
    assert tasks.state_on("done", due, date(2030, 1, 1)) == "done"
    assert tasks.state_on("in_progress", None, date(2030, 1, 1)) == "in_progress"
    assert tasks.chinese_date(date(2025, 12, 31)) == "2025年12月31日"


def test_a_department_reports_and_the_newest_report_is_the_state(seeded: Ledger) -> None:
    reporter = _reporter(seeded)
    renovation = _task_id(seeded, "老旧小区改造，基本完成2005年")  # 住建局 leads it, due 2025-12-31
    mine = tasks.list_tasks(seeded, as_of=SUMMER, who=reporter)
    assert renovation in {t.record.id for t in mine.items}
    assert all(ZHUJIAN in t.record.departments for t in mine.items)  # a reporter sees its own department's tasks
    assert sum(mine.counts.values()) == len(mine.items) and mine.counts["overdue"] >= 1

    first = tasks.report_task(seeded, renovation, "in_progress", "已完成60%", [("进度.txt", "进度表".encode())],
                              as_of=SUMMER, who=reporter)
    assert (first.progress.state, first.progress.department, first.progress.reported_by) == (
        "in_progress", ZHUJIAN, "zhujian")
    [evidence] = first.evidence
    assert (evidence.owner, evidence.owner_id, evidence.name) == ("task_progress", first.progress.id, "进度.txt")
    with seeded.session() as session:
        assert repository.evidence.evidence_data(session, evidence.id) == "进度表".encode()

    done = tasks.report_task(seeded, renovation, "done", "全部完成改造", as_of=SUMMER, who=OFFICE)
    assert done.progress.department is None  # the office reported, for no department
    found = tasks.task_history(seeded, renovation, SUMMER, reporter)
    assert found.current.state == "done" and found.current.latest.id == done.progress.id
    assert [h.progress.id for h in found.history] == [done.progress.id, first.progress.id]  # newest first
    assert [len(h.evidence) for h in found.history] == [0, 1]
    assert tasks.task_state(seeded, renovation, SUMMER, VIEWING).state == "done"
    assert tasks.list_tasks(seeded, "金乡县", state="done", as_of=SUMMER, who=VIEWING).counts["done"] == 1
    with seeded.session() as session:
        audited = repository.audit.audit_entries(session, "task_progress", first.progress.id)
    assert audited and audited[0].actor == "zhujian"


def test_overdue_is_computed_and_needs_a_note(seeded: Ledger) -> None:
    reporter = _reporter(seeded)
    survey = _task_id(seeded, "全面完成农村房屋排查整治")  # due 2023-10-31
    assert tasks.task_state(seeded, survey, date(2023, 10, 1), reporter).state == "not_started"
    assert tasks.task_state(seeded, survey, SUMMER, reporter).state == "overdue"
    before = _counts(seeded)
    with pytest.raises(InvalidField, match=r"note: .*overdue"):
        tasks.report_task(seeded, survey, "in_progress", "  ", as_of=SUMMER, who=reporter)
    with pytest.raises(InvalidField, match=r"note: .*done"):
        tasks.report_task(seeded, survey, "done", "", as_of=date(2023, 1, 1), who=reporter)
    assert _counts(seeded) == before
    tasks.report_task(seeded, survey, "in_progress", "排查完成80%，因汛期延误", as_of=SUMMER, who=reporter)
    assert tasks.task_state(seeded, survey, SUMMER, reporter).state == "overdue"  # reported, still not done


def test_refusals_store_nothing(seeded: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    reporter = _reporter(seeded)
    renovation = _task_id(seeded, "老旧小区改造，基本完成2005年")
    unassigned = _task_id(seeded, "省级各类产业园区全部实施循环化改造")  # no department answers for it
    water = _reporter(seeded, "金乡县水务局", "shuiwu")
    before = _counts(seeded)

    with pytest.raises(Forbidden, match=f"任务 {renovation} 不属于 金乡县水务局 — .*only its own department"):
        tasks.report_task(seeded, renovation, "done", "完成", who=water)
    with pytest.raises(Forbidden, match="不属于"):
        tasks.report_task(seeded, unassigned, "in_progress", "x", who=reporter)
    with pytest.raises(Forbidden, match="赤峰市"):
        tasks.report_task(seeded, renovation, "done", "完成", who=OTHER_OFFICE)
    with pytest.raises(Forbidden, match="填报任务进展"):
        tasks.report_task(seeded, renovation, "done", "完成", who=VIEWING)
    with pytest.raises(InvalidField, match="state: unknown task state 'overdue'"):
        tasks.report_task(seeded, renovation, "overdue", "x", who=reporter)  # 逾期 is computed, never reported
    with pytest.raises(InvalidField, match="state"):
        tasks.report_task(seeded, renovation, "finished", "x", who=reporter)
    with pytest.raises(UnknownTask):
        tasks.report_task(seeded, 999999, "done", "x", who=ADMIN)
    with pytest.raises(UnknownCycle):
        tasks.report_task(seeded, renovation, "in_progress", "x", cycle_id=999, as_of=SUMMER, who=reporter)

    good = ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(EvidenceRefused, match=r"病毒\.exe refused: type \.exe is not allowed"):
        tasks.report_task(seeded, renovation, "in_progress", "x", [good, ("病毒.exe", b"MZ\x90\0")], as_of=SUMMER,
                          who=reporter)
    with pytest.raises(EvidenceRefused, match=r"假\.pdf refused: the content is not a \.pdf"):
        tasks.report_task(seeded, renovation, "in_progress", "x", [good, ("假.pdf", b"MZ\x90\0")], as_of=SUMMER,
                          who=reporter)
    with pytest.raises(EvidenceRefused, match=r"bomb\.docx refused: .*zip bomb"):
        tasks.report_task(seeded, renovation, "in_progress", "x", [good, ("bomb.docx", _zip_bomb())], as_of=SUMMER,
                          who=reporter)
    monkeypatch.setenv("GREENTRACK_MAX_EVIDENCE_MB", "0.01")
    with pytest.raises(EvidenceRefused, match=r"big\.txt refused: .*larger than 0\.01 MB"):
        tasks.report_task(seeded, renovation, "in_progress", "x", [good, ("big.txt", b"a" * 20_000)], as_of=SUMMER,
                          who=reporter)
    assert _counts(seeded) == before  # no report, no file, no audit row


def test_a_rejected_task_takes_no_report(seeded: Ledger) -> None:
    renovation = _task_id(seeded, "老旧小区改造，基本完成2005年")
    review.reject_task(seeded, renovation, "重复", ADMIN)
    with pytest.raises(StateConflict, match="rejected in review"):
        tasks.report_task(seeded, renovation, "done", "完成", who=ADMIN)
    assert renovation not in {t.record.id for t in tasks.list_tasks(seeded, "金乡县", who=ADMIN).items}


def test_overdue_tasks_warn_red_and_soon_yellow(seeded: Ledger) -> None:
    reporter = _reporter(seeded)
    survey = _task_id(seeded, "全面完成农村房屋排查整治")
    renovation = _task_id(seeded, "老旧小区改造，基本完成2005年")
    found = tasks.task_warnings(seeded, date(2025, 10, 15), who=reporter)
    by_id = {w.task_id: w for w in found}
    assert by_id[survey].severity == "red" and by_id[survey].days_left == -715
    assert by_id[survey].message == "任务逾期715天未完成（完成时限2023年10月31日），未报告进展"
    assert by_id[renovation].severity == "yellow"
    assert by_id[renovation].message == "距完成时限2025年12月31日还有77天，任务尚未开始"
    assert [w.severity for w in found] == sorted((w.severity for w in found), key=lambda s: s != "red")
    assert renovation not in {w.task_id for w in tasks.task_warnings(seeded, SUMMER, who=reporter)}  # 184 days left
    tasks.report_task(seeded, renovation, "in_progress", "已开工", as_of=date(2025, 10, 15), who=reporter)
    assert renovation not in {w.task_id for w in tasks.task_warnings(seeded, date(2025, 10, 15), who=reporter)}
    office = tasks.task_warnings(seeded, date(2025, 10, 15), "金乡县", "住建局", OFFICE)
    assert survey in {w.task_id for w in office}
    assert not tasks.task_warnings(seeded, date(2025, 10, 15), who=OTHER_OFFICE) or all(
        w.jurisdiction_name == "赤峰市" for w in tasks.task_warnings(seeded, date(2025, 10, 15), who=OTHER_OFFICE))


def test_the_department_page(seeded: Ledger) -> None:
    reporter = _reporter(seeded)
    mine = department_work(seeded, as_of=SUMMER, who=reporter)
    assert mine.department == ZHUJIAN and mine.tasks.items
    assert all(r.assessment.due is not None for r in mine.targets)
    assert [r.assessment.due for r in mine.targets] == sorted(r.assessment.due for r in mine.targets)
    assert {w.severity for w in mine.warnings} <= {"red", "yellow"}
    with pytest.raises(Forbidden, match="a reporter acts for its own department only"):
        department_work(seeded, "金乡县水务局", SUMMER, reporter)
    place = department_work(seeded, as_of=SUMMER, who=OFFICE)
    assert place.department is None and place.place == "金乡县"
    assert len(place.tasks.items) >= len(mine.tasks.items)
    named = department_work(seeded, "住建局", SUMMER, OFFICE)
    assert {t.record.id for t in named.tasks.items} == {t.record.id for t in mine.tasks.items}


def test_a_task_is_reported_only_in_an_open_cycle_that_asks_for_it(seeded: Ledger) -> None:
    from greentrack.services import cycles

    reporter = _reporter(seeded)
    renovation = _task_id(seeded, "老旧小区改造，基本完成2005年")
    due = date(2025, 7, 31)
    elsewhere = cycles.open_cycle(seeded, "2025年度", "赤峰市", "2025", due, SUMMER, who=ADMIN)
    closed = cycles.open_cycle(seeded, "2025年上半年", "金乡县", "2025-06", due, SUMMER, who=OFFICE)
    cycles.close_cycle(seeded, closed.id, who=OFFICE)
    open_one = cycles.open_cycle(seeded, "2025年第三季度", "金乡县", "2025-09", due, SUMMER, who=OFFICE)
    before = _counts(seeded)
    with pytest.raises(StateConflict, match=f"不含任务 {renovation} — .*another place's cycle"):
        tasks.report_task(seeded, renovation, "in_progress", "推进中", cycle_id=elsewhere.id, as_of=SUMMER,
                          who=reporter)
    with pytest.raises(StateConflict, match=r"已关闭 — .*was closed on"):
        tasks.report_task(seeded, renovation, "in_progress", "推进中", cycle_id=closed.id, as_of=SUMMER,
                          who=reporter)
    assert _counts(seeded) == before
    report = tasks.report_task(seeded, renovation, "in_progress", "推进中", cycle_id=open_one.id, as_of=SUMMER,
                               who=reporter)
    assert report.progress.cycle_id == open_one.id
