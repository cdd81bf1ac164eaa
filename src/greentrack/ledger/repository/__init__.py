"""The only SQL of the ledger's records, one module per aggregate, on a session the caller opened.

- `places`: jurisdictions (GB/T 2260 divisions and their parents)
- `departments`: departments and who answers for what (responsibilities)
- `documents`: documents, their targets and tasks, read (and a target corrected)
- `plans`: a prepared plan written as a document version, one at a time or in batches
- `review`: a person's review of targets and tasks, and the decisions carried to a plan's new version
- `observations`: monitoring values
- `bulk`: set-based reads of every current target and its values, for bulk status (greentrack.scale)
- `cycles`: reporting cycles (填报周期), what they cover and what was reported, reminders (催报)
- `task_progress`: departments' reports on tasks (任务进展) and the current tasks each answers for
- `evidence`: evidence files (佐证材料) of task reports and supervision answers
- `supervision_items`: supervision items (督办事项), their subjects, departments, answers and timeline
- `report_texts`: a place's edited report sections, its 公文 frame, its kept evaluations
- `audit`: the audit log's rows, users without a login, rows per table
- `inserts`: the ids of rows written in bulk (shared by `plans` and `departments`)

Callers open one transaction with `Ledger.session(actor)` and pass the session in; nothing here
commits, so a caller's block is all-or-nothing (an ingest per document, an import per sheet).
Functions return plain records (`ledger.records`), never ORM rows. Callers write
`repository.documents.get_target(session, id)`: the modules are imported here as names, nothing else
is, and each imports its siblings by their own module, never through this package.
"""

from greentrack.ledger.repository import (
    audit,
    bulk,
    cycles,
    departments,
    documents,
    evidence,
    inserts,
    observations,
    places,
    plans,
    report_texts,
    review,
    supervision_items,
    task_progress,
)

__all__ = ["audit", "bulk", "cycles", "departments", "documents", "evidence", "inserts", "observations", "places",
           "plans", "report_texts", "review", "supervision_items", "task_progress"]
