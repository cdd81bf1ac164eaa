"""Intake wired to the ledger: the department's targets looked up, a checked sheet written in one transaction.

Only repository functions touch the database. The sheet is checked inside the same transaction
that writes it, so what was checked is what is written; any problem raises before the first write
and the block rolls back, leaving observations and the audit log as they were.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy.orm import Session

from greentrack.errors import UnknownDepartment
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.intake_check import cell_ident, check_sheet, require_clean
from greentrack.ledger.intake_read import Sheet, read_sheet
from greentrack.ledger.intake_records import ExistingObservation, ImportPlan, IntakeObservation, IntakeTarget
from greentrack.ledger.intake_template import TemplateSummary, write_template
from greentrack.ledger.records import REJECTED, NewObservation, ObservationRecord, TargetRecord
from greentrack.resolve import get_indicator, resolve_department
from greentrack.resolve.units import effective_unit, normalise_unit


@dataclass(frozen=True)
class ImportOutcome:
    """What an accepted import did: observations added and replaced; rows already recorded, merged, left blank."""

    file: str
    added: tuple[ObservationRecord, ...]
    replaced: tuple[ObservationRecord, ...]
    unchanged: tuple[int, ...]
    skipped: tuple[int, ...]
    merged: tuple[int, ...] = ()


def intake_target(record: TargetRecord) -> IntakeTarget:
    """A ledger target as intake sees it: observations in the indicator's canonical unit, or the target's own."""
    target = record.target
    indicator = get_indicator(record.indicator_id) if record.indicator_id else None
    name = target.indicator
    if indicator is not None and indicator.zh != name:
        name = f"{name}（{indicator.zh}）"
    unit = indicator.unit if indicator is not None else effective_unit(target.indicator, target.unit)
    return IntakeTarget(
        id=str(record.id), indicator=name, indicator_id=record.indicator_id, unit=normalise_unit(unit),
        kind=target.kind, comparator=target.comparator, value=target.value, target_unit=target.unit,
        year=target.year, deadline=target.deadline, jurisdiction=record.jurisdiction_code,
        departments=record.departments, lead_departments=record.lead_departments,
        doc=record.document_title or target.doc, reference_year=target.reference_year,
        series=record.observation_key, reporting=record.reporting_rule)


def existing_observation(record: ObservationRecord) -> ExistingObservation:
    """A ledger observation as intake compares against it."""
    return ExistingObservation(
        id=record.id, jurisdiction=record.jurisdiction_code, indicator_id=record.indicator_id,
        target_id=None if record.target_id is None else str(record.target_id), period=record.period,
        value=record.value, unit=record.unit, value_written=record.value_written, unit_written=record.unit_written,
        source=record.source, note=record.note, series=record.series, period_end=record.period_end.isoformat())


def department_name(session: Session, query: str) -> str:
    """The one ledger department `query` names (县住建局 → 金乡县住房和城乡建设局); else UnknownDepartment."""
    found = repository.departments.find_departments(session, query)
    if len({d.name for d in found}) == 1:
        return found[0].name
    if found:
        raise UnknownDepartment(query, sorted({d.name for d in found}))  # several places have one; pick one
    known = [d.name for d in repository.departments.list_departments(session)]
    raise UnknownDepartment(query, close_names(query, known))


def close_names(name: str, known: list[str]) -> list[str]:
    """Up to five known names that `name` may mean: spelled alike, or a part of how people write them (县住建)."""
    text = name.strip()
    if not text:
        return []
    scored = []
    for candidate in known:
        spellings = _spellings(candidate)
        best = max(difflib.SequenceMatcher(None, text, s).ratio() for s in spellings)
        if any(text in s for s in spellings):
            best = max(best, 0.9)
        if best >= 0.6:
            scored.append((-best, candidate))
    return [candidate for _, candidate in sorted(scored)[:5]]


def _spellings(known: str) -> list[str]:
    """How people write a known department: 金乡县住房和城乡建设局 as 金乡县住建局, 县住建局, 住建局 …"""
    match = resolve_department(known)
    if match is None:
        return [known]
    entry = match.department
    names = (entry.full_name, *entry.other_names, *entry.short_names)
    suffix = max((n for n in names if known.endswith(n)), key=len, default="")
    if not suffix:
        return [known]
    place = known[: len(known) - len(suffix)]
    prefixes = {place, place[-1:], ""}
    return [known, *(prefix + n for prefix in prefixes for n in names)]


def department_template(ledger: Ledger, department: str, path: str | Path,
                        as_of: date | None = None) -> TemplateSummary:
    """Write the reporting workbook of the department `department` names, one row per target it answers for."""
    with ledger.session() as session:
        name = department_name(session, department)
        targets = [intake_target(r) for r in repository.documents.current_targets(session, department=name)]
    return write_template(path, name, [t for t in targets if name in t.departments], as_of)


def import_observations(ledger: Ledger, path: str | Path | Sheet, department: str | None = None,
                        replace: bool = False,
                        as_of: date | None = None, reporter: str | None = None,
                        actor: str | None = None) -> tuple[ImportPlan, ImportOutcome]:
    """Check a filled sheet against the ledger and write all of it in one transaction, or raise and write nothing.

    Raises ImportRejected (every problem attached) when any row is wrong. `actor` (the logged-in user) goes
    into the audit log; without it the reporter's name does. Only the targets the sheet names are read and
    converted (a national ledger holds 300,000); the ids of the others only when a row names an unknown one.
    """
    sheet = path if isinstance(path, Sheet) else read_sheet(path)  # a sheet already read is not read again
    name = None
    if department:
        with ledger.session() as session:
            name = department_name(session, department)
    reporter = reporter or name or "import"
    with ledger.session(actor=actor or reporter, write=True) as session:
        named = {cell_ident(row.cell("target_id").value) for row in sheet.rows}
        stored = _stored_targets(session, named)
        current = _current(session, stored)
        wanted = sorted((r for r in stored if r.id in current and str(r.id) in named),
                        key=lambda r: (r.document_id, r.target.start, r.id))  # current_targets' order
        superseded = _superseded(stored, named - {str(r.id) for r in wanted})
        targets = [intake_target(r) for r in wanted] + superseded
        unknown = named - {t.id for t in targets}
        if unknown - _BLANK_IDENTS:  # a row names no known target: its hint draws on every current id
            targets = _unnamed(session, {t.id for t in targets}) + targets
        existing = {o.id: existing_observation(o)
                    for found in repository.observations.observations_for(session, wanted).values() for o in found}
        plan = require_clean(check_sheet(sheet, targets, existing.values(), name, replace, as_of))
        added, replaced = _apply(session, plan, reporter)
    return plan, ImportOutcome(plan.file, tuple(added), tuple(replaced), plan.unchanged, plan.skipped, plan.merged)


FEW_DOCUMENTS = 50  # beyond this many plans a sheet's targets are found current from the list of every current id
# what cell_ident makes of an empty cell (flagged as blank): no digit of an id in it, so never a hint either way
_BLANK_IDENTS = frozenset({"", "None"})


def _stored_targets(session: Session, idents: set[str]) -> list[TargetRecord]:
    """The stored targets (current or not) whose ids the sheet's idents read as, a few hundred per query.

    Only plain digits that fit an id column (² is a digit to isdigit but not to int; a 20-digit number
    would overflow the database driver): anything else stays an unknown target.
    """
    ids = sorted({int(i) for i in idents if i.isdecimal() and int(i) < 2**31})
    return [record for start in range(0, len(ids), 500)
            for record in repository.documents.targets_by_ids(session, ids[start:start + 500])]


def _current(session: Session, records: list[TargetRecord]) -> set[int]:
    """The ids of these targets that are current: their document is its series' newest version.

    As `repository.documents.current_targets` has it (a version equal to the series' highest); asked per document
    for a few plans, else read off the ids of every current target (one query of plain integers).
    """
    versions = {r.document_id: r.document_version for r in records}
    if len(versions) > FEW_DOCUMENTS:
        return set(repository.bulk.tracking_ids(session)) & {r.id for r in records}
    newest = {document: _newest(session, document, version) for document, version in versions.items()}
    return {r.id for r in records if newest[r.document_id] and r.review.state != REJECTED}


def _newest(session: Session, document_id: int, version: int) -> bool:
    """Whether this document version is (one of) its series' highest."""
    newest = repository.documents.newest_version_id(session, document_id)
    return newest == document_id or repository.documents.get_document(session, newest).version == version


def _superseded(stored: list[TargetRecord], idents: set[str]) -> list[IntakeTarget]:
    """Targets a sheet names that are in the ledger but not current: an older template after a plan revision, or
    a target a person has since rejected (not a target: it takes no values)."""
    by_id = {r.id: r for r in stored}
    # an ident is read as the id it spells (007 → 7), as the ledger's look-up by id would
    return [replace(intake_target(by_id[int(ident)]), superseded=by_id[int(ident)].review.state != REJECTED,
                    rejected=by_id[int(ident)].review.state == REJECTED)
            for ident in sorted(i for i in idents if i.isdecimal() and int(i) < 2**31) if int(ident) in by_id]


class _Unnamed:
    """A current target no row names: `check_sheet` reads only its id (a candidate of the "did you mean" hints)."""

    __slots__ = ("id",)

    def __init__(self, ident: str) -> None:
        self.id = ident


def _unnamed(session: Session, named: set[str]) -> list[IntakeTarget]:
    """Every current target the sheet does not name, as its id alone (no target read or converted)."""
    return cast("list[IntakeTarget]", [_Unnamed(i) for i in map(str, repository.bulk.tracking_ids(session))
                                       if i not in named])


Written = tuple[list[ObservationRecord], list[ObservationRecord]]


def _apply(session: Session, plan: ImportPlan, reporter: str) -> Written:
    """Insert the new observations and update the replaced ones; returns (added, replaced)."""
    added: list[ObservationRecord] = []
    replaced: list[ObservationRecord] = []
    for observation in plan.observations:
        if observation.replaces is not None:
            replaced.append(repository.observations.update_observation(
                session, int(observation.replaces.id), value=observation.value, unit=observation.unit,
                value_written=observation.value_written, unit_written=observation.unit_written,
                source=observation.source, note=observation.note, reporter=reporter))
        else:
            added.append(repository.observations.add_observation(session, _new(observation, reporter)))
    return added, replaced


def _new(observation: IntakeObservation, reporter: str) -> NewObservation:
    return NewObservation(
        period=observation.period, value=observation.value, unit=observation.unit,
        jurisdiction_code=observation.jurisdiction, indicator_id=observation.indicator_id,
        target_id=int(observation.target_id), value_written=observation.value_written,
        unit_written=observation.unit_written, source=observation.source, reporter=reporter, note=observation.note,
        series_key=observation.series or None)
