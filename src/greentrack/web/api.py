"""What every route of the REST API (/api/v1) shares: its parameters, its error answers, the upload limit.

The routes are thin, over `greentrack.services`, one module per noun (`api_*.py`; `app.api_router` gathers
them). Every route parses its parameters, makes one service call and translates the records it gets
(`api_records.py`) into the models of `schemas.py`. Errors are raised, never answered here:
`web/errors.py` gives them the one JSON shape.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError

from greentrack import config
from greentrack.errors import FileTooLarge
from greentrack.ledger.db import Ledger
from greentrack.services.files import upload_name
from greentrack.web.context import ledger_of
from greentrack.web.schemas import ErrorResponse


async def _ledger(request: Request) -> Ledger:
    """`ledger_of` as a coroutine: FastAPI runs a plain function dependency in a worker thread, a hop per
    request for a lookup of an attribute."""
    return ledger_of(request)


LedgerDep = Annotated[Ledger, Depends(_ledger)]
AsOf = Annotated[date | None, Query(description="assess on this date (YYYY-MM-DD) instead of today")]
Limit = Annotated[int, Query(ge=1, le=1000, description="how many items to return (1–1000)")]
Offset = Annotated[int, Query(ge=0, description="how many matching items to skip")]
JurisdictionQuery = Annotated[str | None, Query(description="name or code (金乡县, 370828); includes places below")]
DepartmentQuery = Annotated[str | None, Query(description="a department as written or canonical (住建局)")]

# The error answers every route may give, documented with the one error shape.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "no login: send `Authorization: Bearer <token>` (docs/security.md)"},
    403: {"model": ErrorResponse, "description": "the user's role or scope does not allow this; the message says why"},
    404: {"model": ErrorResponse, "description": "no such document, target, department or indicator"},
    422: {"model": ErrorResponse, "description": "a parameter or field is invalid: `details` names each"},
}


# Ids are INTEGER columns: 32 bits on PostgreSQL, 64 on SQLite. A larger number in a path or query made the
# database driver raise (OverflowError, NumericValueOutOfRange) and the route answer 500 (found by schemathesis).
MAX_ID = 2**31 - 1


async def ids_in_range(request: Request) -> None:
    """A validation error (422) for an `…_id` parameter past what an id column holds, before any query runs.

    A coroutine: it only reads the parameters, and a plain function would cost a worker-thread hop."""
    for location, params in (("path", request.path_params), ("query", request.query_params)):
        for name, value in params.items():
            text = str(value).strip().lstrip("+-")
            if name.endswith("_id") and text.isdigit() and int(text) > MAX_ID:
                raise RequestValidationError([{"type": "less_than_equal", "loc": (location, name), "input": value,
                                               "msg": f"Input should be less than or equal to {MAX_ID}",
                                               "ctx": {"le": MAX_ID}}])


async def read_upload(file: UploadFile, default: str = "upload") -> tuple[str, bytes]:
    """The upload's name as kept (`upload_name`: no folders, no leading dots, cut to length) and its bytes, read
    no further than the `max_file_mb` setting allows (FileTooLarge past it)."""
    name = upload_name(file.filename, default)
    megabytes = float(config.get("max_file_mb"))
    limit = int(megabytes * 1024 * 1024)
    data = await file.read(limit + 1)  # a file past the limit is refused without holding all of it
    if len(data) > limit:
        raise FileTooLarge(name, f"larger than {megabytes:g} MB (setting max_file_mb)")
    return name, data
