"""Monitoring values: the department's reporting sheet (填报表), its import, one value entered, the values listed.

A reporter acts for its own department only (`scope.own_department`); an import is all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack.errors import GreentrackError
from greentrack.services.files import Runner, as_uploaded, check_upload_size, run_here, upload_name, upload_path
from greentrack.services.scope import acting, check_place_query, own_department

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.intake import ImportOutcome, TemplateSummary
    from greentrack.ledger.intake_read import Sheet
    from greentrack.ledger.records import ObservationRecord


def department_template(ledger: Ledger, department: str, out: Path, as_of: date | None = None,
                        who: Principal | None = None) -> TemplateSummary:
    """Write the reporting workbook (填报表) of a ledger department: one row per target it answers for."""
    from greentrack.auth import require
    from greentrack.errors import UsageError
    from greentrack.ledger.intake import department_template as write_department_template

    reader = acting(ledger, who)
    require(reader, "template")
    own_department(ledger, reader, department)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out} must name an .xlsx file")
    return write_department_template(ledger, department, out, as_of)


def import_observations(ledger: Ledger, path: Path | Sheet, department: str | None = None, replace: bool = False,
                        as_of: date | None = None, reporter: str | None = None,
                        who: Principal | None = None) -> ImportOutcome:
    """Import a filled reporting sheet (a file, or its rows already read), all rows or none; ImportRejected
    carries every problem found.

    Forbidden, before anything is written, when a row names a target the user may not report on.
    """
    from greentrack.ledger.intake import import_observations as import_sheet
    from greentrack.ledger.intake_read import Sheet, read_sheet

    writer = acting(ledger, who)
    department = own_department(ledger, writer, department)
    sheet = path if isinstance(path, Sheet) else read_sheet(path)  # once: the target check and the import share it
    _check_sheet_targets(ledger, writer, sheet)
    return import_sheet(ledger, sheet, department, replace, as_of, reporter, writer.name)[1]


def _check_sheet_targets(ledger: Ledger, writer: Principal, sheet: Sheet) -> None:
    """Forbidden naming the first row whose target the writer may not report on; other problems are the import's."""
    from greentrack.auth import may_report, require
    from greentrack.errors import UnknownTarget
    from greentrack.ledger import repository
    from greentrack.ledger.intake_check import cell_ident

    require(writer, "report")
    if writer.everywhere:
        return
    with ledger.session() as session:
        for row in sheet.rows:
            ident = cell_ident(row.cell("target_id").value)
            if not ident.isdigit():
                continue  # not a target id: the import names the problem
            try:
                record = repository.documents.get_target(session, int(ident))
            except UnknownTarget:
                continue
            may_report(writer, record.id, record.jurisdiction_code)


def list_observation_records(ledger: Ledger, target_id: int | None = None, indicator_id: str | None = None,
                             jurisdiction: str | None = None, who: Principal | None = None) -> list[ObservationRecord]:
    """Recorded values: a target's (as its status uses them), or an indicator's, optionally in one jurisdiction.

    Only values `who` may see: a reporter's targets' values, a coordinator's or viewer's places'.
    """
    from greentrack.auth import require, require_target
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        if target_id is not None:
            record = repository.documents.get_target(session, target_id)
            require_target(reader, record.id, record.jurisdiction_code)
            return repository.observations.observations_for(session, [record])[record.id]
        check_place_query(session, reader, jurisdiction)
        if not reader.everywhere:
            return [o for o in _observations_listed(session, indicator_id, jurisdiction)
                    if o.id in _visible_observations(session, reader)]
        return _observations_listed(session, indicator_id, jurisdiction)


def _visible_observations(session: Session, reader: Principal) -> set[int]:
    """Ids of the observations of the targets the reader may see."""
    from greentrack.auth import sees_target
    from greentrack.ledger import repository

    targets = [t for t in repository.documents.current_targets(session)
               if sees_target(reader, t.id, t.jurisdiction_code)]
    return {o.id for found in repository.observations.observations_for(session, targets).values() for o in found}


def _observations_listed(session: Session, indicator_id: str | None, jurisdiction: str | None,
                         ) -> list[ObservationRecord]:
    """Every value on an indicator (or all), in a place and those below it (or everywhere)."""
    from greentrack.ledger import repository

    code = repository.places.find_jurisdiction_code(session, jurisdiction) if jurisdiction else None
    if jurisdiction and code is None:
        return []
    under = repository.places.jurisdiction_codes_under(session, code) if code else None
    return [o for o in repository.observations.list_observations(session)
            if (indicator_id is None or o.indicator_id == indicator_id)
            and (under is None or o.jurisdiction_code in under)]


def bound_reporter(who: Principal | None, reporter: str | None, default: str) -> str:
    """Who a value is reported by: the signed-in user (`who`); Forbidden when the request names someone else.

    Without a signed-in user (the CLI's local operator) the name given, else `default`, as before.
    """
    from greentrack.errors import Forbidden

    named = (reporter or "").strip()
    if who is None:
        return named or default
    if named and named != who.name:
        raise Forbidden(f"填报人“{named}”不是当前登录用户 — a value is reported under the signed-in user's name "
                        f"({who.name}); leave `reporter` out or give your own name")
    return who.name


@dataclass(frozen=True)
class ObservationEntry:
    """One value reported outside a spreadsheet (the API's POST): the cells of one reporting-sheet row."""

    target_id: int | str
    period: int | str
    value: float | str
    unit: str
    source: str
    note: str = ""


def record_observation(ledger: Ledger, entry: ObservationEntry, department: str | None = None,
                       replace: bool = False, reporter: str | None = None,
                       as_of: date | None = None, who: Principal | None = None) -> ImportOutcome:
    """Record one value through the spreadsheet import itself (a one-row sheet), so every check is the same.

    ImportRejected carries the problems; each names the field by its sheet header (“数值 value”).
    """
    import csv
    import tempfile

    from greentrack.errors import ImportRejected
    from greentrack.ledger.intake_read import LABELS

    cells = {"target_id": entry.target_id, "period": entry.period, "value": entry.value, "unit": entry.unit,
             "source": entry.source, "note": entry.note}
    with tempfile.TemporaryDirectory(prefix="greentrack-entry-") as folder:
        path = Path(folder) / "observation.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([LABELS[field] for field in cells])
            writer.writerow(["" if value is None else str(value) for value in cells.values()])
        try:
            return import_observations(ledger, path, department, replace, as_of,
                                       bound_reporter(who, reporter, department or "api"), who)
        except ImportRejected as exc:
            raise ImportRejected("observation", exc.problems) from None


def read_uploaded_sheet(filename: str, data: bytes) -> Sheet:
    """An uploaded reporting sheet's rows (no database: a worker process may run it); a ReadError names the
    file as uploaded."""
    import tempfile

    from greentrack.ledger.intake_read import read_sheet

    with tempfile.TemporaryDirectory(prefix="greentrack-upload-") as folder:
        path = upload_path(folder, filename, data)
        try:
            return read_sheet(path)
        except GreentrackError as exc:
            raise as_uploaded(exc, path) from None


def upload_observations(ledger: Ledger, filename: str, data: bytes, department: str | None = None,
                        replace: bool = False, reporter: str | None = None,
                        as_of: date | None = None, who: Principal | None = None,
                        run: Runner = run_here) -> ImportOutcome:
    """Import an uploaded reporting sheet, all rows or none; ImportRejected lists every problem by row.

    `run` runs the reading of the file (`read_uploaded_sheet`): in this process by default, in a worker
    process for the server's jobs. Who may report and for which department is checked before it is read.
    """
    from greentrack.auth import require

    writer = acting(ledger, who)
    require(writer, "report")
    department = own_department(ledger, writer, department)
    name = upload_name(filename)
    check_upload_size(name, data)
    sheet = run(read_uploaded_sheet, (name, data))
    return import_observations(ledger, sheet, department, replace, as_of,
                               bound_reporter(who, reporter, department or "web"), who)
