"""Supervision items (督办事项) on the demo ledger, on SQLite and PostgreSQL: the lifecycle (created from a warning or
by hand → issued → answered with evidence → closed; returned and answered again; escalated by a 约谈 record, or by
itself past its deadline with the actor `system`), every step a timeline event and audited; who may do what
(a reporter answers and sees only its department's items, a coordinator only in its place, a viewer reads); and
bad input — a missing answer part, evidence too big, of a forbidden type, a zip bomb, an answer by another
department — each refused with its reason and NOTHING stored."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from greentrack.auth import ADMINISTRATOR, COORDINATOR, REPORTER, Principal
from greentrack.errors import (
    EvidenceRefused,
    Forbidden,
    InvalidField,
    StateConflict,
    UnknownDepartment,
    UnknownEvidence,
)
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.schema import (
    EvidenceRow,
    SupervisionAnswerRow,
    SupervisionDepartmentRow,
    SupervisionEventRow,
    SupervisionItemRow,
    SupervisionSubjectRow,
    TaskProgressRow,
)
from greentrack.services import supervision_items as sv
from greentrack.services.ledger import open_ledger
from greentrack.services.scope import user_principal

TODAY = dt.date.today()
DUE = TODAY + dt.timedelta(days=60)  # far enough that no other test's escalation reaches it
ZHUJIAN = "金乡县住房和城乡建设局"
TABLES = (SupervisionItemRow, SupervisionSubjectRow, SupervisionDepartmentRow, SupervisionAnswerRow,
          SupervisionEventRow, EvidenceRow, TaskProgressRow)


@pytest.fixture(params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, demo_ledger_copy: Path) -> Iterator[Ledger]:
    """The demo ledger: a private SQLite copy, or the module's PostgreSQL one."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_demo")
        return
    ledger = open_ledger(db=demo_ledger_copy)
    yield ledger
    ledger.close()


def counts(ledger: Ledger) -> dict[str, int]:
    """Rows per table, the supervision loop's included."""
    with ledger.session() as session:
        found = repository.audit.row_counts(session)
        found.update({t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES})
    return found


def who(ledger: Ledger, name: str) -> Principal:
    return user_principal(ledger, name)


def warned_target(ledger: Ledger) -> int:
    """A target of 金乡县 with a warning today that 住建局 leads."""
    with ledger.session() as session:
        records = repository.documents.current_targets(session, jurisdiction="370828")
    for record in records:
        if ZHUJIAN in record.lead_departments and sv.target_warning(ledger, record.id) is not None:
            return record.id
    raise AssertionError("no warned target led by 住建局 in the demo")


def answer_parts(**changes: object) -> dict[str, object]:
    parts: dict[str, object] = {"progress": "已完成80%", "problems": "资金到位慢", "measures": "加快拨付",
                                "complete_by": TODAY + dt.timedelta(days=90)}
    parts.update(changes)
    return parts


def test_from_a_warning_to_closed(demo: Ledger) -> None:
    office, department = who(demo, "jinxiang"), who(demo, "zhujian")
    target = warned_target(demo)
    item = sv.create_from_warning(demo, target, DUE, who=office)
    assert (item.state, item.source, item.jurisdiction_code) == ("open", "warning", "370828")
    assert item.severity in ("red", "orange", "yellow") and item.title.endswith("的督办函")
    assert [s.target_id for s in item.subjects] == [target]
    assert ZHUJIAN in [d.name for d in item.leads] and "2023-12-31" not in item.requirement
    assert sv.chinese_date(DUE) in item.requirement

    issued = sv.issue(demo, item.id, "金乡县人民政府督查室", "金督办〔2026〕3号", "2026-12-06", who=office)
    assert (issued.issuer, issued.doc_number, issued.issued_on) == ("金乡县人民政府督查室", "金督办〔2026〕3号",
                                                                    dt.date(2026, 12, 6))
    with pytest.raises(StateConflict, match="only an answered item closes"):
        sv.close(demo, item.id, who=office)

    answered = sv.answer(demo, item.id, **answer_parts(), files=[("照片说明.txt", "现场照片".encode()),
                                                                 ("台账.pdf", b"%PDF-1.4 demo")], who=department)
    assert answered.item.state == "answered"
    [reply] = answered.answers
    assert (reply.department, reply.answered_by) == (ZHUJIAN, "zhujian")
    assert [e.name for e in reply.evidence] == ["照片说明.txt", "台账.pdf"]
    record, data = sv.evidence_file(demo, reply.evidence[0].id, who=department)
    assert (record.name, data) == ("照片说明.txt", "现场照片".encode())
    assert sv.evidence_file(demo, reply.evidence[1].id, who=office)[1] == b"%PDF-1.4 demo"

    closed = sv.close(demo, item.id, "整改到位", who=office)
    assert closed.state == "closed" and closed.closed_at is not None
    with pytest.raises(StateConflict):
        sv.answer(demo, item.id, **answer_parts(), who=department)
    detail = sv.show_item(demo, item.id, who=department)
    assert [(e.actor, e.action) for e in detail.events] == [
        ("jinxiang", "created"), ("jinxiang", "issued"), ("zhujian", "answered"), ("jinxiang", "closed")]
    with demo.session() as session:
        audited = repository.audit.audit_entries(session, "supervision", item.id)
    assert [e.actor for e in audited] == ["jinxiang", "jinxiang", "zhujian", "jinxiang"]
    assert audited[-1].after["state"] == "closed"


def test_returned_then_answered_again_and_escalated_with_a_record(demo: Ledger) -> None:
    office, department = who(demo, "jinxiang"), who(demo, "zhujian")
    item = sv.create_item(demo, "关于老旧小区改造的督办", "请报送改造进展", DUE, lead=["县住建局"],
                          support=["县交通运输局"], who=office)
    assert [(d.name, d.lead) for d in item.departments] == [(ZHUJIAN, True), ("金乡县交通运输局", False)]
    assert item.jurisdiction_code == "370828" and item.source == "manual"
    with pytest.raises(StateConflict):
        sv.return_item(demo, item.id, "不完整", who=office)
    sv.answer(demo, item.id, **answer_parts(), who=department)
    with pytest.raises(InvalidField, match="reason"):
        sv.return_item(demo, item.id, "  ", who=office)
    returned = sv.return_item(demo, item.id, "整改措施不具体", who=office)
    assert returned.state == "returned"
    again = sv.answer(demo, item.id, **answer_parts(measures="每周调度，月底完成"), who=department)
    assert again.item.state == "answered" and len(again.answers) == 2
    with pytest.raises(InvalidField, match="record"):
        sv.escalate(demo, item.id, "", who=office)
    escalated = sv.escalate(demo, item.id, "12月8日约谈住建局局长，议定月底前完成", who=office)
    assert escalated.state == "escalated" and escalated.escalated_at is not None
    events = sv.show_item(demo, item.id, who=office).events
    assert [e.action for e in events] == ["created", "answered", "returned", "answered", "escalated"]
    assert events[2].note == "整改措施不具体" and events[-1].note.startswith("12月8日约谈")


def test_unanswered_past_its_deadline_escalates_by_itself(demo: Ledger) -> None:
    office, department, viewer = who(demo, "jinxiang"), who(demo, "zhujian"), who(demo, "viewer")
    soon = TODAY + dt.timedelta(days=3)
    item = sv.create_item(demo, "逾期测试", "请按期答复", soon, lead=[ZHUJIAN], who=office)
    assert [i.state for i in sv.list_items(demo, who=office) if i.id == item.id] == ["open"]  # not due yet
    later = soon + dt.timedelta(days=1)
    # reading on a later day shows it overdue, and writes nothing: nobody escalates an item early by reading
    before = counts(demo)
    overdue = sv.list_items(demo, overdue=True, as_of=later, who=department)
    assert [(i.state, i.overdue(later)) for i in overdue if i.id == item.id] == [("open", True)]
    assert counts(demo) == before
    with pytest.raises(Forbidden):
        sv.escalate_overdue(demo, later, who=viewer)
    assert item.id in sv.escalate_overdue(demo, later, who=office)
    shown = sv.show_item(demo, item.id, as_of=later, who=department)
    assert shown.item.state == "escalated" and shown.item.overdue(later)
    assert [(e.actor, e.action) for e in shown.events][-1] == ("system", "escalated")
    with demo.session() as session:
        assert repository.audit.audit_entries(session, "supervision", item.id)[-1].actor == "system"
    assert sv.escalate_overdue(demo, later, who=office) == []  # once
    # the department may still answer; the answer ends the escalation
    assert sv.answer(demo, item.id, **answer_parts(), who=department).item.state == "answered"


def test_a_read_escalates_what_is_past_its_deadline_today(demo: Ledger) -> None:
    office = who(demo, "jinxiang")
    item = sv.create_item(demo, "已逾期", "请答复", TODAY - dt.timedelta(days=1), lead=[ZHUJIAN], who=office)
    listed = [i for i in sv.list_items(demo, who=who(demo, "viewer")) if i.id == item.id]
    assert [i.state for i in listed] == ["escalated"]


@pytest.mark.parametrize(("change", "files", "error", "words"), [
    ({"progress": " "}, [], InvalidField, "进展情况"),
    ({"problems": ""}, [], InvalidField, "存在问题"),
    ({"measures": None}, [], InvalidField, "整改措施"),
    ({"complete_by": None}, [], InvalidField, "完成时限"),
    ({"complete_by": "明年"}, [], InvalidField, "complete_by"),
    ({"progress": "进展\x00"}, [], InvalidField, "control characters"),
    ({}, [("ok.txt", b"fine"), ("run.exe", b"MZ\x90\x00")], EvidenceRefused, "type .exe is not allowed"),
    ({}, [("fake.pdf", b"not a pdf")], EvidenceRefused, "not a .pdf file"),
    ({}, [("big.txt", b"x" * 30_000)], EvidenceRefused, "larger than"),
    ({}, [("bomb.docx", "bomb")], EvidenceRefused, "zip bomb"),
])
def test_a_bad_answer_is_refused_and_stores_nothing(demo: Ledger, monkeypatch: pytest.MonkeyPatch,
                                                    change: dict, files: list, error: type, words: str) -> None:
    monkeypatch.setenv("GREENTRACK_MAX_EVIDENCE_MB", "0.02")
    office, department = who(demo, "jinxiang"), who(demo, "zhujian")
    item = sv.create_item(demo, "坏输入", "请答复", DUE, lead=[ZHUJIAN], who=office)
    files = [(name, zip_bomb() if data == "bomb" else data) for name, data in files]
    before = counts(demo)
    with pytest.raises(error, match=words) as refused:
        sv.answer(demo, item.id, **answer_parts(**change), files=files, who=department)
    assert "nothing was" in str(refused.value)
    assert counts(demo) == before
    assert sv.show_item(demo, item.id, who=office).item.state == "open"


def zip_bomb() -> bytes:
    """A small .docx whose document part declares 20 MB of blanks (about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (20 << 20) + b"</w:document>")
    return buffer.getvalue()


def test_who_may_do_what(demo: Ledger) -> None:
    office, department, viewer = who(demo, "jinxiang"), who(demo, "zhujian"), who(demo, "viewer")
    elsewhere = Principal("chifeng", COORDINATOR, "150400", "赤峰市", places=frozenset({"150400"}))
    with demo.session() as session:
        water = Principal("shuiwu", REPORTER, "370828", "金乡县",
                          next(d.id for d in repository.departments.list_departments(session)
                               if d.name == "金乡县水务局"), "金乡县水务局", frozenset({"370828"}), frozenset())
    item = sv.create_item(demo, "权限测试", "请答复", DUE, lead=[ZHUJIAN], who=office)
    before = counts(demo)
    for step in (lambda w: sv.create_item(demo, "x", "y", DUE, lead=[ZHUJIAN], who=w),
                 lambda w: sv.escalate(demo, item.id, "约谈", who=w),
                 lambda w: sv.issue(demo, item.id, "某机关", "某〔2026〕1号", who=w)):
        for refused in (department, viewer, elsewhere):
            with pytest.raises(Forbidden):
                step(refused)
    with pytest.raises(Forbidden, match="not addressed to your department"):
        sv.answer(demo, item.id, **answer_parts(), files=[("a.txt", b"x")], who=water)
    with pytest.raises(Forbidden):
        sv.answer(demo, item.id, **answer_parts(), who=viewer)
    with pytest.raises(Forbidden):
        sv.show_item(demo, item.id, who=water)
    with pytest.raises(Forbidden):
        sv.show_item(demo, item.id, who=elsewhere)
    assert counts(demo) == before
    assert item.id not in [i.id for i in sv.list_items(demo, who=water)]
    assert item.id not in [i.id for i in sv.list_items(demo, who=elsewhere)]
    assert item.id in [i.id for i in sv.list_items(demo, who=viewer)]
    assert item.id in [i.id for i in sv.list_items(demo, department="县住建局", who=viewer)]
    # the office answers on a department's behalf, naming it
    admin = Principal("李主任", ADMINISTRATOR)
    answered = sv.answer(demo, item.id, **answer_parts(), department="县住建局", who=admin)
    assert answered.answers[-1].department == ZHUJIAN and answered.answers[-1].answered_by == "李主任"
    with pytest.raises(InvalidField, match="department"):
        sv.answer(demo, item.id, **answer_parts(), department="县水务局", who=admin)
    evidence = sv.answer(demo, item.id, **answer_parts(), files=[("b.txt", b"y")], who=department).answers[-1]
    with pytest.raises(Forbidden):
        sv.evidence_file(demo, evidence.evidence[0].id, who=water)
    with pytest.raises(Forbidden):
        sv.evidence_file(demo, evidence.evidence[0].id, who=elsewhere)
    with pytest.raises(UnknownEvidence):
        sv.evidence_file(demo, 999_999, who=admin)


def test_task_progress_evidence_is_seen_by_the_task_departments(demo: Ledger) -> None:
    department = who(demo, "zhujian")
    with demo.session("zhujian") as session:
        tasks = repository.documents.current_tasks(session, jurisdiction="370828")
        mine = next(t for t in tasks if ZHUJIAN in t.departments)
        other = next(t for t in tasks if ZHUJIAN not in t.departments)
        ids = []
        for task in (mine, other):
            row = TaskProgressRow(task_id=task.id, state="in_progress", note="推进中", reported_by="zhujian")
            session.add(row)
            session.flush()
            ids.append(repository.evidence.add_evidence(session, "task_progress", row.id, "进度.txt", "text/plain",
                                                        b"ok", "0" * 64, "zhujian").id)
    assert sv.evidence_file(demo, ids[0], who=department)[1] == b"ok"
    with pytest.raises(Forbidden):
        sv.evidence_file(demo, ids[1], who=department)
    assert sv.evidence_file(demo, ids[1], who=who(demo, "jinxiang"))[1] == b"ok"


def test_unknown_names_and_fields_are_refused(demo: Ledger) -> None:
    office = who(demo, "jinxiang")
    before = counts(demo)
    with pytest.raises(UnknownDepartment, match="did you mean"):
        sv.create_item(demo, "x", "y", DUE, lead=["县住建"], who=office)
    with pytest.raises(InvalidField, match="lead"):
        sv.create_item(demo, "x", "y", DUE, who=office)
    with pytest.raises(InvalidField, match="answer_due"):
        sv.create_item(demo, "x", "y", "soon", lead=[ZHUJIAN], who=office)
    with pytest.raises(InvalidField, match="title"):
        sv.create_item(demo, " ", "y", DUE, lead=[ZHUJIAN], who=office)
    with pytest.raises(InvalidField, match="state"):
        sv.list_items(demo, state="lost", who=office)
    assert counts(demo) == before


def test_a_supporting_departments_answer_is_kept_beside_the_leads(demo: Ledger) -> None:
    office = who(demo, "jinxiang")
    item = sv.create_item(demo, "配合答复", "请答复", DUE, lead=[ZHUJIAN], support=["金乡县交通运输局"], who=office)
    with demo.session() as session:
        transport = next(d.id for d in repository.departments.list_departments(session) if d.name == "金乡县交通运输局")
    supporting = Principal("jiaotong", REPORTER, "370828", "金乡县", transport, "金乡县交通运输局",
                           frozenset({"370828"}), frozenset())
    contributed = sv.answer(demo, item.id, **answer_parts(progress="配合完成道路改造"), who=supporting)
    assert contributed.item.state == "open" and contributed.answers[-1].department == "金乡县交通运输局"
    with pytest.raises(StateConflict):
        sv.close(demo, item.id, who=office)  # the lead has not answered yet
    led = sv.answer(demo, item.id, **answer_parts(), who=who(demo, "zhujian"))
    assert led.item.state == "answered" and [a.department for a in led.answers] == ["金乡县交通运输局", ZHUJIAN]
