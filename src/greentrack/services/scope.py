"""Who acts and what they may see: the acting user, and the checks of places, documents and departments.

Every function that reads or writes the ledger takes `who`, the acting Principal, and asks the policy
(greentrack.auth.policy). None means the local operator: whoever can open the database file from a shell
can change anything in it anyway, so the CLI acts as an administrator named after the login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from greentrack import config

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DepartmentRecord, DocumentRecord
    from greentrack.ledger.status import StatusReport


def local_principal() -> Principal:
    """The person at this machine's shell: an administrator named after the login (`root@local`)."""
    import getpass

    from greentrack.auth import ADMINISTRATOR, Principal

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        login = "unknown"
    return Principal(f"{login}@local", ADMINISTRATOR)


def acting(ledger: Ledger, who: Principal | None = None) -> Principal:
    """`who`, else the ledger user named by the `user` setting (GREENTRACK_USER), else the local operator."""
    if who is not None:
        return who
    name = str(config.get("user")).strip()
    return user_principal(ledger, name) if name else local_principal()


def user_principal(ledger: Ledger, name: str) -> Principal:
    """An active user of the ledger with its scope (places, a reporter's targets); UnknownUser when none."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.principal(session, name)


def visible_report(reader: Principal, report: StatusReport) -> StatusReport:
    """The rows of a status report the reader may see (all of them for an administrator)."""
    from greentrack.auth import sees_target
    from greentrack.ledger.status import StatusReport

    if reader.everywhere:
        return report
    return StatusReport(report.as_of, tuple(r for r in report.rows
                                            if sees_target(reader, r.record.id, r.record.jurisdiction_code)))


def check_place_query(session: Session, reader: Principal, jurisdiction: str | None) -> None:
    """Forbidden when a user asks by name for a place outside its jurisdiction (rather than an empty answer)."""
    from greentrack.auth import require_place
    from greentrack.ledger import repository

    if jurisdiction and reader.places is not None:
        code = repository.places.find_jurisdiction_code(session, jurisdiction)
        if code is not None:
            require_place(reader, code, jurisdiction)


def checked_place(session: Session, jurisdiction: str | None, reader: Principal | None = None,
                   action: str = "analyse") -> str | None:
    """The place an analysis covers: UnknownJurisdiction when the ledger does not hold it, Forbidden outside the
    reader's jurisdiction; a coordinator's or viewer's own place when it names none."""
    from greentrack.auth import require, require_place
    from greentrack.errors import Forbidden
    from greentrack.ledger.analysis import ledger_jurisdiction

    if reader is not None:
        require(reader, action)
        if reader.places is not None and not jurisdiction:
            if not reader.jurisdiction_code:
                raise Forbidden(f"{reader.name} has no jurisdiction — ask an administrator to set one")
            jurisdiction = reader.jurisdiction_code
    if jurisdiction:
        place = ledger_jurisdiction(session, jurisdiction)
        if reader is not None:
            require_place(reader, place.code, place.name)
    return jurisdiction


def readable_document(session: Session, reader: Principal, document_id: int) -> DocumentRecord:
    """A document inside the reader's jurisdiction; UnknownDocument or Forbidden otherwise."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    require(reader, "read")
    document = repository.documents.get_document(session, document_id)
    require_place(reader, document.jurisdiction_code, document.jurisdiction_name or document.name)
    return document


def sees_department(reader: Principal, department: DepartmentRecord) -> bool:
    """Whether the reader may see a department: a reporter its own, others those of the places they see."""
    from greentrack.auth import REPORTER, sees_place

    if reader.role == REPORTER:
        return department.id == reader.department_id
    return sees_place(reader, department.jurisdiction_code)


def own_department(ledger: Ledger, reader: Principal, department: str | None) -> str | None:
    """The department a reporter acts for (its own, whatever it named); Forbidden when it named another."""
    from greentrack.auth import REPORTER
    from greentrack.errors import Forbidden
    from greentrack.ledger.intake import department_name

    if reader.role != REPORTER:
        return department
    if department:
        with ledger.session() as session:
            named = department_name(session, department)
        if named != reader.department:
            raise Forbidden(f"{reader.name} 属于 {reader.department}，不能代 {named} 填报 — a reporter acts for its "
                            "own department only")
    return reader.department
