"""上传: a plan (the upload_plan service: read → extract → resolve → store) and monitoring data (the
upload_observations service: every row checked, all rows imported or none) — the API's services too.

An uploaded file keeps its own base name, so every message (`计划.xlsx 第3行 row 3 …`) names the
file the user chose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from greentrack import config
from greentrack.auth import require
from greentrack.errors import FileTooLarge, GreentrackError, ImportRejected, UsageError
from greentrack.read.formats import SUPPORTED
from greentrack.services import ingest
from greentrack.services.observations import upload_observations
from greentrack.web.auth import who_of
from greentrack.web.pages_common import as_of_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)
SHEETS = (".xlsx", ".csv")


def _read(upload: UploadFile, allowed: tuple[str, ...]) -> tuple[str, bytes]:
    """The upload's base name and bytes, refusing an unsupported extension or a file over the size limit."""
    name = Path((upload.filename or "").replace("\\", "/")).name
    if Path(name).suffix.lower() not in allowed:
        raise UsageError(f"{name or 'the file'}: unsupported file type — upload one of {', '.join(allowed)}")
    limit = int(float(config.get("max_file_mb")) * 1024 * 1024)
    data = upload.file.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise FileTooLarge(name, f"larger than {config.get('max_file_mb')} MB (GREENTRACK_MAX_FILE_MB)")
    return name, data


def _form(request: Request, status_code: int = 200, result: dict | None = None) -> Response:
    return render(request, "upload.html", status_code=status_code, formats=sorted(SUPPORTED), result=result)


@router.get("/upload", response_class=HTMLResponse)
@page
def upload_page(request: Request) -> Response:
    """The upload forms the user's role may use (a viewer may use none: 403)."""
    require(who_of(request), "report")
    return _form(request)


@router.post("/upload/plan", response_class=HTMLResponse)
@page
def upload_plan(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    """Store an uploaded plan in the ledger and say what became of it (stored, unchanged, or why not)."""
    try:
        name, data = _read(file, tuple(sorted(SUPPORTED)))
        outcome = ingest.upload_plan(ledger_of(request), name, data, who=who_of(request))
    except GreentrackError as exc:
        return _form(request, exc.http_status, {"kind": "failed", "message": exc.message})
    return _form(request, 200, {"kind": "plan", "outcome": outcome, "name": name})


@router.post("/upload/data", response_class=HTMLResponse)
@page
def upload_data(request: Request, file: Annotated[UploadFile, File()],
                department: Annotated[str, Form()] = "", replace: Annotated[str, Form()] = "") -> Response:
    """Import a filled reporting sheet; on any problem list every row, column and reason, and import nothing."""
    try:
        name, data = _read(file, SHEETS)
        outcome = upload_observations(ledger_of(request), name, data, department.strip() or None,
                                      replace == "on", as_of=as_of_of(request), who=who_of(request))
    except ImportRejected as exc:
        return _form(request, exc.http_status, {"kind": "rejected", "problems": exc.problems, "name": name})
    except GreentrackError as exc:
        return _form(request, exc.http_status, {"kind": "failed", "message": exc.message})
    return _form(request, 200, {"kind": "imported", "outcome": outcome, "name": name})
