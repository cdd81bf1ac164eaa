"""Supervision items (督办事项): created from a warning or by hand by the office, issued as a 督办函, answered by
their departments (进展情况 · 存在问题 · 整改措施 · 完成时限, with evidence), then closed (销号), returned (退回) or
escalated (约谈); an item still unanswered past its deadline escalates by itself. docs/supervision.md tells the
lifecycle:

    open 待答复 ──answer──▶ answered 已答复 ──close──▶ closed 已销号
      ▲  │ past the deadline     │ return (a reason)
      │  ▼ (by itself)           ▼
      │ escalated 已升级/约谈   returned 已退回 ──answer──▶ answered
      └── escalate (a 约谈 record) from any state but closed

The office (action `supervise`: administrators, and coordinators in their place) creates, issues, closes, returns
and escalates; a department answers its own items (a reporter for its department only; the office may answer
on a department's behalf, naming it); viewers read. Every step is one transaction, writes a timeline event and is
audited by the ledger's flush hook; bad input raises before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from greentrack.errors import Forbidden, InvalidField, StateConflict
from greentrack.ledger.supervision_records import (
    ANSWERED,
    CLOSED,
    ESCALATED,
    ITEM_STATES,
    RETURNED,
    STATE_LABELS,
    SYSTEM,
    UNANSWERED,
    SupervisionDetail,
    SupervisionItem,
)
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import EvidenceRecord
    from greentrack.services.evidence import CheckedEvidence
    from greentrack.track import EarlyWarning

TEXT_LIMIT = 4000  # characters of a requirement, an answer's part, a reason or a 约谈 record
TITLE_LIMIT = 200
ANSWER_PARTS = {"progress": "进展情况 progress", "problems": "存在问题 problems", "measures": "整改措施 measures",
                "complete_by": "完成时限 complete_by"}


# ---------------------------------------------------------------- checking what people send


def text_field(field: str, value: object, limit: int = TEXT_LIMIT, label: str | None = None) -> str:
    """A required text, stripped; InvalidField naming the field when it is empty or too long."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidField(field, f"{label or field} is required")
    if len(text) > limit:
        raise InvalidField(field, f"{label or field} is {len(text)} characters long, more than {limit}")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):  # NUL and the like: no database keeps them alike
        raise InvalidField(field, f"{label or field} holds control characters")
    return text


def date_field(field: str, value: object, label: str | None = None) -> dt.date:
    """A date (a date, or YYYY-MM-DD text); InvalidField naming the field otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidField(field, f"{label or field} must be a date such as 2026-12-31, not {value!r}") from None
    raise InvalidField(field, f"{label or field} is required (a date such as 2026-12-31)")


def chinese_date(day: dt.date) -> str:
    """A date as people read it: 2026年12月6日."""
    return f"{day.year}年{day.month}月{day.day}日"


def state_label(state: str) -> str:
    """A state in Chinese with the English word: 已销号 closed."""
    zh, en = STATE_LABELS.get(state, (state, state))
    return f"{zh} {en}"


# ---------------------------------------------------------------- who may do what


def _office(session: Session, reader: Principal, item_id: int) -> Any:
    """The item's row for an office step: `supervise`, in the reader's place."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    require(reader, "supervise")
    row = repository.supervision_items.item_row(session, item_id)
    require_place(reader, row.jurisdiction_code, f"督办事项 {item_id}")
    return row


def sees_item(reader: Principal, item: SupervisionItem) -> bool:
    """Whether the reader may see an item: a reporter those addressed to its department, others their places'."""
    from greentrack.auth import REPORTER, sees_place

    if reader.role == REPORTER:
        return reader.department_id is not None and reader.department_id in {d.department_id
                                                                             for d in item.departments}
    return sees_place(reader, item.jurisdiction_code)


def _require_item(reader: Principal, item: SupervisionItem) -> None:
    from greentrack.auth import REPORTER

    if sees_item(reader, item):
        return
    if reader.role == REPORTER:
        raise Forbidden(f"督办事项 {item.id} 不是发给 {reader.department or '你的部门'} 的 — supervision item "
                        f"{item.id} is not addressed to your department")
    raise Forbidden(f"督办事项 {item.id} 不在 {reader.jurisdiction_name or '你的辖区'} 范围内 — supervision item "
                    f"{item.id} lies outside your jurisdiction")


def _conflict(item_id: int, state: str, step: str) -> StateConflict:
    return StateConflict(f"督办事项 {item_id} 当前为「{state_label(state)}」，不能{step} — supervision item {item_id} "
                         f"is {state}; nothing was changed")


# ---------------------------------------------------------------- creating


def _department(session: Session, name: str, code: str | None) -> int:
    """The ledger department a name means, preferring the item's place; UnknownDepartment with candidates."""
    from greentrack.errors import UnknownDepartment
    from greentrack.ledger import repository
    from greentrack.ledger.intake_ledger import close_names

    found = repository.departments.find_departments(session, name)
    here = [d for d in found if d.jurisdiction_code == code] if code else []
    chosen = here or found
    if len({d.id for d in chosen}) == 1:
        return chosen[0].id
    if chosen:
        raise UnknownDepartment(name, sorted({d.name for d in chosen}))  # several places have one: say which
    known = sorted({d.name for d in repository.departments.list_departments(session)})
    raise UnknownDepartment(name, close_names(name, known))


def _store(session: Session, reader: Principal, values: dict[str, Any], subjects: list[tuple[int | None, int | None]],
           departments: list[tuple[int, bool]]) -> int:
    from greentrack.auth import require_place
    from greentrack.ledger import repository

    require_place(reader, values["jurisdiction_code"], values["jurisdiction_code"] or "未指定地区的督办事项")
    item_id = repository.supervision_items.add_item(session, {**values, "created_by": reader.name}, subjects,
                                                    departments)
    repository.supervision_items.add_event(session, item_id, reader.name, "created",
                                           f"答复期限 {chinese_date(values['answer_due'])}")
    return item_id


def create_item(ledger: Ledger, title: str, requirement: str, answer_due: dt.date | str,
                targets: Sequence[int] = (), tasks: Sequence[int] = (), lead: Sequence[str] = (),
                support: Sequence[str] = (), who: Principal | None = None) -> SupervisionItem:
    """An item made by hand: what it asks, by when, about which targets and tasks, of which departments (at least
    one lead). Its place is its first subject's plan's, else its lead department's, else the creator's."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "supervise")
    values: dict[str, Any] = {"title": text_field("title", title, TITLE_LIMIT, "标题 title"),
                              "requirement": text_field("requirement", requirement, label="督办要求 requirement"),
                              "answer_due": date_field("answer_due", answer_due, "答复期限 answer_due"),
                              "source": "manual"}
    leads = [n.strip() for n in lead if n and n.strip()]
    supporting = [n.strip() for n in support if n and n.strip() and n.strip() not in leads]
    if not leads:
        raise InvalidField("lead", "name at least one lead department (牵头单位), the one that answers")
    with ledger.session(reader.name, write=True) as session:
        store = repository.supervision_items
        places = [store.target_place(session, int(t)) for t in targets] + [store.task_place(session, int(t))
                                                                           for t in tasks]
        for place in set(places):  # every subject in the reader's place, not only the first
            require_place(reader, place, place or "未指定地区的目标")
        code = next((c for c in places if c), None)
        departments: dict[int, bool] = {}
        for names, is_lead in ((leads, True), (supporting, False)):
            for name in names:
                department_id = _department(session, name, code or reader.jurisdiction_code)
                departments[department_id] = departments.get(department_id, False) or is_lead
        if code is None:
            known = {d.id: d for d in repository.departments.list_departments(session)}
            code = next((known[i].jurisdiction_code for i, is_lead in departments.items() if is_lead
                         and known[i].jurisdiction_code), None) or reader.jurisdiction_code
        subjects = [(int(t), None) for t in dict.fromkeys(targets)] + [(None, int(t)) for t in dict.fromkeys(tasks)]
        item_id = _store(session, reader, {**values, "jurisdiction_code": code}, subjects, list(departments.items()))
        return store.get_item(session, item_id)


def target_warning(ledger: Ledger, target_id: int, as_of: dt.date | None = None) -> EarlyWarning | None:
    """The warning a target has on `as_of` (today by default), or None."""
    from greentrack.ledger import repository
    from greentrack.services.status_rows import status_rows
    from greentrack.track import warn

    with ledger.session() as session:
        record = repository.documents.get_target(session, target_id)
        [row] = status_rows(session, [record], as_of or dt.date.today())
    return warn(row.tracked.target, row.assessment)


def create_from_warning(ledger: Ledger, target_id: int, answer_due: dt.date | str, requirement: str | None = None,
                        who: Principal | None = None, as_of: dt.date | None = None,
                        title: str | None = None) -> SupervisionItem:
    """An item from a target's current warning: about that target, addressed to its departments (牵头 lead, the
    others 配合), the warning's severity; title and requirement drafted from the warning unless given.
    InvalidField when the target has no warning on `as_of` (today by default)."""
    from greentrack.auth import require, require_target
    from greentrack.ledger import repository
    from greentrack.reports.official import chinese_dates

    reader = acting(ledger, who)
    require(reader, "supervise")
    due = date_field("answer_due", answer_due, "答复期限 answer_due")
    with ledger.session() as session:
        record = repository.documents.get_target(session, target_id)
    require_target(reader, target_id, record.jurisdiction_code)
    warning = target_warning(ledger, target_id, as_of)
    if warning is None:
        raise InvalidField("target_id", f"目标 {target_id} 当前没有预警 — target {target_id} has no warning on "
                                        f"{(as_of or dt.date.today()).isoformat()}; create the item by hand instead")
    with ledger.session(reader.name, write=True) as session:
        departments = repository.supervision_items.responsible(session, target_id=target_id)
        if not departments:
            raise InvalidField("target_id", f"目标 {target_id} 没有责任部门 — no department answers for target "
                                            f"{target_id}; create the item by hand naming the departments")
        if not any(lead for _, lead in departments):  # none leads: the first named answers (责任单位)
            departments[0] = (departments[0][0], True)
        names = {d.id: d.name for d in repository.departments.list_departments(session)}
        leads = "、".join(names[i] for i, lead in departments if lead)
        others = "、".join(names[i] for i, lead in departments if not lead)
        drafted = (f"{chinese_dates(warning.message)}请{leads}牵头" + (f"，{others}配合" if others else "") +
                   f"，认真分析原因，制定整改措施，于{chinese_date(due)}前书面报送进展情况、存在问题、整改措施及完成时限。")
        values = {"title": text_field("title", title or f"关于{warning.indicator}{warning.severity_zh}的督办函",
                                      TITLE_LIMIT, "标题 title"),
                  "requirement": text_field("requirement", requirement or drafted, label="督办要求 requirement"),
                  "answer_due": due, "source": "warning", "severity": warning.severity,
                  "jurisdiction_code": record.jurisdiction_code}
        item_id = _store(session, reader, values, [(target_id, None)], departments)
        return repository.supervision_items.get_item(session, item_id)


# ---------------------------------------------------------------- the office's steps


def issue(ledger: Ledger, item_id: int, issuer: str, doc_number: str, issued_on: dt.date | str | None = None,
          who: Principal | None = None) -> SupervisionItem:
    """Set the 督办函's 发文机关, 文号 and 成文日期 (today by default); any state but closed."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    values = {"issuer": text_field("issuer", issuer, TITLE_LIMIT, "发文机关 issuer"),
              "doc_number": text_field("doc_number", doc_number, 128, "文号 doc_number"),
              "issued_on": date_field("issued_on", issued_on or dt.date.today(), "成文日期 issued_on")}
    with ledger.session(reader.name, write=True) as session:
        row = _office(session, reader, item_id)
        if row.state == CLOSED:
            raise _conflict(item_id, row.state, "印发督办函 issue a letter")
        repository.supervision_items.set_item(session, row, **values)
        repository.supervision_items.add_event(session, item_id, reader.name, "issued",
                                               f"{values['issuer']} {values['doc_number']}")
        return repository.supervision_items.get_item(session, item_id)


def close(ledger: Ledger, item_id: int, note: str = "", who: Principal | None = None) -> SupervisionItem:
    """Accept the answer and close the item (销号); StateConflict unless it is answered."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    remark = note.strip()[:TEXT_LIMIT] if isinstance(note, str) else ""
    with ledger.session(reader.name, write=True) as session:
        row = _office(session, reader, item_id)
        if row.state != ANSWERED:
            raise _conflict(item_id, row.state, "销号 close (only an answered item closes)")
        repository.supervision_items.set_item(session, row, state=CLOSED, closed_at=_now())
        repository.supervision_items.add_event(session, item_id, reader.name, "closed", remark)
        return repository.supervision_items.get_item(session, item_id)


def return_item(ledger: Ledger, item_id: int, reason: str, who: Principal | None = None) -> SupervisionItem:
    """Send the answer back (退回) with a reason: the departments must answer again; StateConflict unless answered."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    why = text_field("reason", reason, label="退回理由 reason")
    with ledger.session(reader.name, write=True) as session:
        row = _office(session, reader, item_id)
        if row.state != ANSWERED:
            raise _conflict(item_id, row.state, "退回 return (only an answered item returns)")
        repository.supervision_items.set_item(session, row, state=RETURNED)
        repository.supervision_items.add_event(session, item_id, reader.name, "returned", why)
        return repository.supervision_items.get_item(session, item_id)


def escalate(ledger: Ledger, item_id: int, record: str, who: Principal | None = None) -> SupervisionItem:
    """Escalate (约谈) with its record — who, when, what was agreed; any state but closed."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    text = text_field("record", record, label="约谈记录 record")
    with ledger.session(reader.name, write=True) as session:
        row = _office(session, reader, item_id)
        if row.state == CLOSED:
            raise _conflict(item_id, row.state, "约谈 escalate")
        repository.supervision_items.set_item(session, row, state=ESCALATED, escalated_at=_now())
        repository.supervision_items.add_event(session, item_id, reader.name, "escalated", text)
        return repository.supervision_items.get_item(session, item_id)


def escalate_overdue(ledger: Ledger, as_of: dt.date | None = None, who: Principal | None = None) -> list[int]:
    """Escalate every item still unanswered (open, returned) past its answer deadline on `as_of` (today by default),
    by the actor `system`, with a timeline event; the ids escalated. Reads call it first (never past today), so an
    item shows red the day after its deadline; a later `as_of` runs the clock ahead, for the office only."""
    from greentrack.auth import require
    from greentrack.ledger import repository

    day = as_of or dt.date.today()
    if day > dt.date.today():
        require(acting(ledger, who), "supervise")
    with ledger.session() as session:
        if not repository.supervision_items.overdue_ids(session, day, UNANSWERED):
            return []  # the common case: no write, no lock
    with ledger.session(SYSTEM, write=True) as session:
        store = repository.supervision_items
        found = store.overdue_ids(session, day, UNANSWERED)  # again inside the write lock
        for item_id in found:
            row = store.item_row(session, item_id)
            store.set_item(session, row, state=ESCALATED, escalated_at=_now())
            store.add_event(session, item_id, SYSTEM, "escalated",
                            f"答复期限{chinese_date(row.answer_due)}已过仍未答复，自动升级 — unanswered past its "
                            "deadline, escalated by itself")
    return found


def _escalated_by_reading(ledger: Ledger, as_of: dt.date | None) -> None:
    """The escalation a read applies first: on its day, never past today (a reader's `as_of` in the future shows
    what would be overdue, and writes nothing)."""
    today = dt.date.today()
    escalate_overdue(ledger, min(as_of or today, today))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- the department's answer


def answer(ledger: Ledger, item_id: int, progress: str, problems: str, measures: str,
           complete_by: dt.date | str | None, files: Iterable[tuple[str | None, bytes]] = (),
           department: str | None = None, who: Principal | None = None) -> SupervisionDetail:
    """A department's answer with its evidence files, in one transaction: every part and every file is checked
    before anything is stored (InvalidField names a missing part, EvidenceRefused a refused file).

    A reporter answers for its own department, which must be one the item is addressed to; the office may answer
    on a department's behalf by naming it (`department`; the item's only lead when not named). The lead's answer
    makes the item `answered`; a supporting (配合) department's is kept beside it."""
    from greentrack.auth import REPORTER, require, require_place
    from greentrack.ledger import repository
    from greentrack.services.evidence import check_evidence

    reader = acting(ledger, who)
    require(reader, "answer")
    values = {"progress": text_field("progress", progress, label=ANSWER_PARTS["progress"]),
              "problems": text_field("problems", problems, label=ANSWER_PARTS["problems"]),
              "measures": text_field("measures", measures, label=ANSWER_PARTS["measures"]),
              "complete_by": date_field("complete_by", complete_by, ANSWER_PARTS["complete_by"])}
    checked: list[CheckedEvidence] = [check_evidence(name, data) for name, data in files]  # all, before any write
    with ledger.session(reader.name, write=True) as session:
        store = repository.supervision_items
        row = store.item_row(session, item_id)
        item = store.get_item(session, item_id)
        if reader.role == REPORTER:
            _require_item(reader, item)
            department_id = reader.department_id
        else:
            require_place(reader, item.jurisdiction_code, f"督办事项 {item_id}")
            department_id = _answering(session, item, department)
        if row.state == CLOSED:
            raise _conflict(item_id, row.state, "答复 answer")
        answer_id = store.add_answer(session, item_id, department_id, values, reader.name)
        for found in checked:
            repository.evidence.add_evidence(session, "answer", answer_id, found.name, found.media_type, found.data,
                                             found.sha256, reader.name)
        answering = next((d for d in item.departments if d.department_id == department_id), None)
        if answering is not None and answering.lead:  # a supporting department's answer leaves the state alone
            store.set_item(session, row, state=ANSWERED)
        names = "、".join(f.name for f in checked)
        store.add_event(session, item_id, reader.name, "answered",
                        (answering.name if answering else "") + (f"（佐证材料：{names}）" if names else ""))
        return SupervisionDetail(store.get_item(session, item_id), tuple(store.answers(session, item_id)),
                                 tuple(store.events(session, item_id)))


def _answering(session: Session, item: SupervisionItem, department: str | None) -> int:
    """The department the office answers for: the one named (among the item's), else the item's only lead."""
    from greentrack.ledger import repository

    mine = {d.department_id: d for d in item.departments}
    if department and department.strip():
        text = department.strip()
        named = [d.id for d in repository.departments.find_departments(session, text) if d.id in mine]
        named += [d.department_id for d in item.departments if d.name == text and d.department_id not in named]
        if len(named) == 1:
            return named[0]
        raise InvalidField("department", f"{text} is not one of the departments of supervision item {item.id}: "
                                         f"{'、'.join(d.name for d in item.departments)}")
    if len(item.leads) == 1:
        return item.leads[0].department_id
    raise InvalidField("department", "name the department this answer is for — one of "
                                     f"{'、'.join(d.name for d in item.departments)}")


# ---------------------------------------------------------------- reading


def list_items(ledger: Ledger, place: str | None = None, department: str | None = None, state: str | None = None,
               overdue: bool = False, as_of: dt.date | None = None,
               who: Principal | None = None) -> list[SupervisionItem]:
    """The items `who` may see, newest first (overdue ones escalated first): a reporter those addressed to its
    department; filtered by place (and the places below it), department, state, and overdue on `as_of`."""
    from greentrack.auth import REPORTER, require
    from greentrack.ledger import repository
    from greentrack.services.filters import check_filters
    from greentrack.services.scope import check_place_query

    reader = acting(ledger, who)
    require(reader, "read")
    if state and state not in ITEM_STATES:
        raise InvalidField("state", f"{state!r} is not a state — one of {', '.join(ITEM_STATES)}")
    check_filters(ledger, place, department)
    day = as_of or dt.date.today()
    _escalated_by_reading(ledger, day)
    with ledger.session() as session:
        check_place_query(session, reader, place)
        codes: set[str] | None = None
        if place:
            code = repository.places.find_jurisdiction_code(session, place)
            codes = repository.places.jurisdiction_codes_under(session, code) if code else set()
        departments: set[int] | None = None
        if department:
            departments = {d.id for d in repository.departments.find_departments(session, department)}
        if reader.role == REPORTER:  # its department's items, wherever they are
            mine = {reader.department_id} if reader.department_id is not None else set()
            departments = mine if departments is None else departments & mine
        elif reader.places is not None:
            codes = set(reader.places) if codes is None else codes & set(reader.places)
        store = repository.supervision_items
        found = store.items(session, store.item_ids(session, codes, departments, (state,) if state else ()))
    found = [item for item in found if sees_item(reader, item)]
    return [item for item in found if item.overdue(day)] if overdue else found


def show_item(ledger: Ledger, item_id: int, as_of: dt.date | None = None,
              who: Principal | None = None) -> SupervisionDetail:
    """One item with its answers (and their evidence) and timeline; Forbidden unless `who` may see it."""
    from greentrack.auth import require
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    _escalated_by_reading(ledger, as_of)
    with ledger.session() as session:
        store = repository.supervision_items
        item = store.get_item(session, item_id)
        _require_item(reader, item)
        return SupervisionDetail(item, tuple(store.answers(session, item_id)), tuple(store.events(session, item_id)))


def letter(ledger: Ledger, item_id: int, who: Principal | None = None) -> tuple[str, bytes]:
    """The item's 督办函 as a Word document: (file name, bytes); for those who may see the item."""
    from greentrack.reports.letter import build_letter, letter_name

    detail = show_item(ledger, item_id, who=who)
    return letter_name(detail.item), build_letter(detail.item)


def evidence_file(ledger: Ledger, evidence_id: int, who: Principal | None = None) -> tuple[EvidenceRecord, bytes]:
    """An evidence file and its bytes, for those who may see what it belongs to: a supervision answer's → the
    item's place or departments; a task report's → the task's plan's place, or a department answering for the
    task. UnknownEvidence when there is none; Forbidden otherwise."""
    from greentrack.auth import REPORTER, require, require_place
    from greentrack.errors import UnknownEvidence
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        record = repository.evidence.get_evidence(session, evidence_id)
        store = repository.supervision_items
        if record.owner == "answer":
            item_id = store.answer_item(session, record.owner_id)
            if item_id is None:
                raise UnknownEvidence(f"evidence file {evidence_id} belongs to no answer in the ledger")
            _require_item(reader, store.get_item(session, item_id))
        else:
            owner = store.task_progress_owner(session, record.owner_id)
            if owner is None:
                raise UnknownEvidence(f"evidence file {evidence_id} belongs to no task report in the ledger")
            task_id, reporting, code = owner
            if reader.role == REPORTER:
                answering = {d for d, _ in store.responsible(session, task_id=task_id)} | {reporting}
                if reader.department_id is None or reader.department_id not in answering:
                    raise Forbidden(f"任务 {task_id} 不属于 {reader.department or '你的部门'} — the evidence of task "
                                    f"{task_id} is for the departments answering for it")
            else:
                require_place(reader, code, f"任务 {task_id}")
        return record, repository.evidence.evidence_data(session, evidence_id)
