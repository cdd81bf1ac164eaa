"""Evidence files (佐证材料) kept in the ledger: stored, listed per owner, read back with their bytes."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from greentrack.errors import UnknownEvidence
from greentrack.ledger.records import EvidenceRecord
from greentrack.ledger.schema import EvidenceRow

OWNERS = ("task_progress", "answer")  # a task report (task_progress row) · a supervision answer


def _record(row: EvidenceRow) -> EvidenceRecord:
    return EvidenceRecord(row.id, row.owner, row.owner_id, row.name, row.media_type, row.size, row.sha256,
                          row.uploaded_by, row.uploaded_at)


def add_evidence(session: Session, owner: str, owner_id: int, name: str, media_type: str, data: bytes,
                 sha256: str, actor: str) -> EvidenceRecord:
    """Store one checked file (services/evidence.py checks it first) for its owner row."""
    if owner not in OWNERS:
        raise ValueError(f"unknown evidence owner {owner!r}")
    row = EvidenceRow(owner=owner, owner_id=owner_id, name=name, media_type=media_type, size=len(data),
                      sha256=sha256, data=data, uploaded_by=actor)
    session.add(row)
    session.flush()
    return _record(row)


def list_evidence(session: Session, owner: str, owner_ids: Iterable[int]) -> dict[int, list[EvidenceRecord]]:
    """The files of each owner row, oldest first (the bytes are not read)."""
    ids = sorted(set(owner_ids))
    found: dict[int, list[EvidenceRecord]] = {i: [] for i in ids}
    if not ids:
        return found
    columns = [c for c in EvidenceRow.__table__.columns if c.name != "data"]
    query = (select(*columns).where(EvidenceRow.owner == owner, EvidenceRow.owner_id.in_(ids))
             .order_by(EvidenceRow.id))
    for row in session.execute(query):
        found[row.owner_id].append(EvidenceRecord(row.id, row.owner, row.owner_id, row.name, row.media_type,
                                                  row.size, row.sha256, row.uploaded_by, row.uploaded_at))
    return found


def get_evidence(session: Session, evidence_id: int) -> EvidenceRecord:
    """One file's record; UnknownEvidence when there is none."""
    row = session.get(EvidenceRow, evidence_id)
    if row is None:
        raise UnknownEvidence(f"no evidence file {evidence_id} in the ledger")
    return _record(row)


def evidence_data(session: Session, evidence_id: int) -> bytes:
    """One file's bytes; UnknownEvidence when there is none."""
    data = session.scalar(select(EvidenceRow.data).where(EvidenceRow.id == evidence_id))
    if data is None:
        raise UnknownEvidence(f"no evidence file {evidence_id} in the ledger")
    return bytes(data)
