"""A person's review of a plan's targets and tasks: the review sheet (审核), and each record confirmed, corrected,
rejected (with a reason, kept) or added from a span of the plan's text. docs/review.md tells the states.

Administrators and coordinators of the plan's place may review (`auth.policy`, action `review`); every field is
checked before anything is written (`review_fields`), and every change is audited with before and after (the
ledger's flush hook). A correction of the indicator, unit, value or kind resolves the target again, so that its
status is computed on what the person says.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greentrack import config
from greentrack.errors import InvalidField
from greentrack.services import review_fields as fields
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DocumentRecord, ReviewProgress, TargetRecord, TaskRecord
    from greentrack.ledger.schema import TargetRow, TaskRow

RESOLVING = ("indicator", "indicator_id", "unit", "value", "kind")  # a change to these resolves the target again


def progress_of(states: Counter[str]) -> ReviewProgress:
    """The progress of one kind of record (targets or tasks) from its count per state."""
    from greentrack.ledger.records import ReviewProgress

    return ReviewProgress(sum(states.values()), states["confirmed"], states["corrected"], states["rejected"],
                          states["added"], states["extracted"])


@dataclass(frozen=True)
class ReviewSheet:
    """What the review page (审核) shows of one plan version: its text, every target (lowest confidence first,
    rejected ones included) and task, the progress of each, and the previous version's decisions that no record
    of this version continues (their statement vanished)."""

    document: DocumentRecord
    text: str
    targets: tuple[TargetRecord, ...]
    tasks: tuple[TaskRecord, ...]
    progress: ReviewProgress
    task_progress: ReviewProgress
    vanished: tuple[TargetRecord, ...]


def _reviewer(session: Session, reader: Principal, document_id: int) -> DocumentRecord:
    """The document, once the reader may review its place's plans (administrators and its coordinators)."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    require(reader, "review")
    document = repository.documents.get_document(session, document_id)
    require_place(reader, document.jurisdiction_code, document.jurisdiction_name or document.name)
    return document


def review_sheet(ledger: Ledger, document_id: int, who: Principal | None = None) -> ReviewSheet:
    """The review sheet of a plan version; Forbidden unless `who` may review its place's plans."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session() as session:
        document = _reviewer(session, reader, document_id)
        targets = repository.documents.document_targets(session, document_id, rejected=True)
        tasks = repository.review.document_tasks(session, document_id)
        text = repository.documents.document_text(session, document_id)
        progress = repository.review.review_progress(session, [document_id])[document_id]
        vanished = repository.review.previous_decisions(session, document_id)
    ordered = sorted(targets, key=lambda t: (t.target.confidence, t.target.start, t.id))
    return ReviewSheet(document, text, tuple(ordered), tuple(tasks), progress_of(progress["targets"]),
                       progress_of(progress["tasks"]), tuple(vanished))


def plans_progress(ledger: Ledger, document_ids: list[int]) -> dict[int, ReviewProgress]:
    """The review progress of the targets of each of these plan versions (the plans page, the report)."""
    from greentrack.ledger import repository

    with ledger.session() as session:
        found = repository.review.review_progress(session, document_ids)
    return {document_id: progress_of(counts["targets"]) for document_id, counts in found.items()}


# ---------------------------------------------------------------- targets


def show_target(ledger: Ledger, target_id: int, who: Principal | None = None) -> TargetRecord:
    """One target as the review sees it (any state, any version); Forbidden unless `who` may review its plan."""
    return _shown(ledger, "target", target_id, who)


def _shown(ledger: Ledger, entity: str, record_id: int, who: Principal | None) -> Any:
    """A target or task once `who` may review its plan."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session() as session:
        record = (repository.documents.get_target(session, record_id) if entity == "target"
                  else repository.review.get_task(session, record_id))
        _reviewer(session, reader, record.document_id)
        return record


def confirm_target(ledger: Ledger, target_id: int, who: Principal | None = None) -> TargetRecord:
    """The target is right as it stands: `confirmed` (a corrected or added one keeps its state; a rejected one
    comes back into the ledger)."""
    return _decided(ledger, "target", target_id, None, who)


def reject_target(ledger: Ledger, target_id: int, reason: str, who: Principal | None = None) -> TargetRecord:
    """The target is not one (a reason is required): `rejected`, kept, and left out of every list and status."""
    return _decided(ledger, "target", target_id, fields.text("reason", reason, optional=False), who)


def _decided(ledger: Ledger, entity: str, record_id: int, reason: str | None,
             who: Principal | None) -> Any:
    """Confirm (no reason) or reject (a reason) a target or task, in one audited transaction."""
    from greentrack.ledger import repository
    from greentrack.ledger.records import ADDED, CONFIRMED, CORRECTED, REJECTED

    reader = acting(ledger, who)
    with ledger.session(reader.name) as session:
        review = repository.review
        row = review.target_row(session, record_id) if entity == "target" else review.task_row(session, record_id)
        _reviewer(session, reader, row.document_id)
        if reason is not None:
            review.decide(row, REJECTED, reader.name, reason)
        else:
            review.decide(row, row.review_state if row.review_state in (ADDED, CORRECTED) else CONFIRMED,
                          reader.name)
        session.flush()
        return (repository.documents.get_target(session, record_id) if entity == "target"
                else review.get_task(session, record_id))


def edit_target(ledger: Ledger, target_id: int, changes: Mapping[str, Any],
                who: Principal | None = None) -> TargetRecord:
    """Correct fields of a target (any of the spec's, the catalog indicator, the departments and 牵头, the span):
    every value checked first (InvalidField names the field; nothing changes), then `corrected` (an added target
    stays `added`), resolved again where the indicator, unit, value or kind changed."""
    from greentrack.ledger import repository
    from greentrack.ledger.records import ADDED, CORRECTED

    reader = acting(ledger, who)
    read = fields.read_fields(changes, fields.TARGET_READERS, also=("indicator_id",))
    if not read:
        raise InvalidField("fields", "no field to change was given")
    with ledger.session(reader.name) as session:
        row = repository.review.target_row(session, target_id)
        document = _reviewer(session, reader, row.document_id)
        values = _checked(session, document, row, read)
        values.update(_resolution(row, values, read))
        repository.review.decide(row, ADDED if row.review_state == ADDED else CORRECTED, reader.name)
        repository.review.set_fields(session, row, values)  # one flush: one audit row, state and fields together
        return repository.documents.get_target(session, target_id)


def add_target(ledger: Ledger, document_id: int, changes: Mapping[str, Any],
               who: Principal | None = None) -> TargetRecord:
    """A target the extractor missed, added from a span of the plan (`start` and `end`, or an exact `quote`) with
    its fields (`indicator` and `value` at least); `added`, resolved as a correction is."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    read = fields.read_fields(changes, fields.TARGET_READERS, also=("indicator_id",))
    for needed in ("indicator", "value"):
        if needed not in read:
            raise InvalidField(needed, "is needed to add a target")
    if not any(name in read for name in fields.SPAN_FIELDS):
        raise InvalidField("start", "a span of the plan's text is needed (start and end, or quote)")
    with ledger.session(reader.name) as session:
        document = _reviewer(session, reader, document_id)
        values = {"unit": "", "comparator": ">=", "kind": "level", "year": None, "deadline": None,
                  "reference_year": None, "baseline_value": None, "baseline_year": None, "scope": None,
                  "aspirational": False, "binding": None, "departments": (), "lead_departments": ()}
        values.update(_checked(session, document, None, read))
        values.setdefault("section", repository.review.section_at(session, document_id, values["start"]))
        values.update(_resolution(None, values, read, document.jurisdiction_code))
        return repository.review.add_target(session, document_id, values, reader.name)


def _checked(session: Session, document: DocumentRecord, row: TargetRow | TaskRow | None,
             read: Mapping[str, Any]) -> dict[str, Any]:
    """The values to write: fields as read, the span checked against the plan's text, departments against what the
    place can mean (InvalidField for any that does not fit)."""
    from greentrack.ledger import repository

    values = {name: value for name, value in read.items()
              if name not in (*fields.SPAN_FIELDS, *fields.DEPARTMENT_FIELDS)}
    text = repository.documents.document_text(session, document.id)
    if "start" in read or "end" in read:
        found = fields.span(text, read.get("start", row.start if row else None), read.get("end", row.end if row
                                                                                           else None))
    elif "quote" in read:
        found = fields.quoted(text, read["quote"], row.start if row else 0)
    else:
        found = None
    if found is not None:
        values.update(start=found.start, end=found.end, quote=found.quote)
        values["section"] = repository.review.section_at(session, document.id, found.start)
    current = (tuple(row.departments), tuple(row.lead_departments)) if row is not None else ((), ())
    named = fields.departments_of(current, read)
    if named is not None:
        fields.check_departments(named, lambda name: _known_department(session, document, text, name),
                                 lambda name: _close_departments(session, document, name), document.jurisdiction_name)
        values["departments"], values["lead_departments"] = named
    return values


def _known_department(session: Session, document: DocumentRecord, text: str, name: str) -> bool:
    """Whether the plan's place can mean this department: the registry resolves it there, the ledger holds it
    (canonical or as written), or the plan's own text names it."""
    from sqlalchemy import select

    from greentrack.ledger.schema import DepartmentRow, ResponsibilityRow
    from greentrack.resolve import resolve_department

    if name in text or resolve_department(name, document.jurisdiction_code) is not None:
        return True
    return session.scalars(select(DepartmentRow.id).where(DepartmentRow.name == name)).first() is not None or \
        session.scalars(select(ResponsibilityRow.id).where(ResponsibilityRow.written == name)).first() is not None


def _close_departments(session: Session, document: DocumentRecord, name: str) -> list[str]:
    """Up to three stored departments of the plan's place (else of any place) named like `name` (the hint of an
    unknown one)."""
    from greentrack.ledger import repository

    stored = repository.departments.list_departments(session)
    here = [d.name for d in stored if d.jurisdiction_code == document.jurisdiction_code]
    return difflib.get_close_matches(name, here or [d.name for d in stored], n=3, cutoff=0.4)


def _resolution(row: TargetRow | None, values: Mapping[str, Any], read: Mapping[str, Any],
                code: str | None = None) -> dict[str, Any]:
    """The catalog indicator and canonical value again, when the change touches them: the person's indicator when
    one is named (InvalidField when the catalog lacks it), else the resolver's reading of the new indicator."""
    from greentrack.models import Target
    from greentrack.resolve import get_indicator, resolve_as
    from greentrack.resolve.resolver import default_resolver, resolve_target

    if row is not None and not any(name in read for name in RESOLVING):
        return {}
    merged = {name: getattr(row, name) for name in fields.TARGET_READERS} if row is not None else {}
    merged.update({k: v for k, v in values.items() if k in fields.TARGET_READERS})
    target = Target(id="", doc="", section=tuple(values.get("section", row.section if row else ())),
                    departments=(), lead_departments=(), quote=values.get("quote", row.quote if row else ""),
                    start=0, end=0, **merged)
    if "indicator_id" in read:
        chosen = fields.text("indicator_id", read["indicator_id"])
        if chosen and get_indicator(chosen) is None:
            raise InvalidField("indicator_id", f"'{chosen}' is not in the indicator catalog — "
                                                      "`greentrack catalog` lists the ids")
        resolved = resolve_as(target, chosen)
    elif row is not None and row.resolution_how == "person":  # a person's choice stands until a person changes it
        resolved = resolve_as(target, row.indicator_id)
    else:
        resolved = resolve_target(target, default_resolver(config.get("aliases_file")), code)
    resolution, quantity, problem = resolved.resolution, resolved.quantity, resolved.unit_problem
    return {"indicator_id": resolution.indicator_id, "resolution_score": resolution.score,
            "resolution_how": resolution.how, "canonical_value": quantity.value if quantity else None,
            "canonical_unit": quantity.unit if quantity else None,
            "unit_problem": problem.reason if problem else None}


# ---------------------------------------------------------------- tasks


def show_task(ledger: Ledger, task_id: int, who: Principal | None = None) -> TaskRecord:
    """One task as the review sees it; Forbidden unless `who` may review its plan."""
    return _shown(ledger, "task", task_id, who)


def confirm_task(ledger: Ledger, task_id: int, who: Principal | None = None) -> TaskRecord:
    """The task is right as it stands (see `confirm_target`)."""
    return _decided(ledger, "task", task_id, None, who)


def reject_task(ledger: Ledger, task_id: int, reason: str, who: Principal | None = None) -> TaskRecord:
    """The task is not one (a reason is required): `rejected`, kept, left out of lists and the roadmap."""
    return _decided(ledger, "task", task_id, fields.text("reason", reason, optional=False), who)


def edit_task(ledger: Ledger, task_id: int, changes: Mapping[str, Any], who: Principal | None = None) -> TaskRecord:
    """Correct a task's text, year, deadline, departments (牵头) or span; `corrected` (an added one stays added)."""
    from greentrack.ledger import repository
    from greentrack.ledger.records import ADDED, CORRECTED

    reader = acting(ledger, who)
    read = fields.read_fields(changes, fields.TASK_READERS)
    if not read:
        raise InvalidField("fields", "no field to change was given")
    with ledger.session(reader.name) as session:
        row = repository.review.task_row(session, task_id)
        document = _reviewer(session, reader, row.document_id)
        values = _checked(session, document, row, read)
        repository.review.decide(row, ADDED if row.review_state == ADDED else CORRECTED, reader.name)
        repository.review.set_fields(session, row, values)
        return repository.review.get_task(session, task_id)


def add_task(ledger: Ledger, document_id: int, changes: Mapping[str, Any], who: Principal | None = None) -> TaskRecord:
    """A task the extractor missed, from a span of the plan (its text is the quote unless given); `added`."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    read = fields.read_fields(changes, fields.TASK_READERS)
    if not any(name in read for name in fields.SPAN_FIELDS):
        raise InvalidField("start", "a span of the plan's text is needed (start and end, or quote)")
    with ledger.session(reader.name) as session:
        document = _reviewer(session, reader, document_id)
        values: dict[str, Any] = {"year": None, "deadline": None, "departments": (), "lead_departments": ()}
        values.update(_checked(session, document, None, read))
        values.setdefault("text", values["quote"])
        return repository.review.add_task(session, document_id, values, reader.name)
