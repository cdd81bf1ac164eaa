"""Files the services write or receive: a report or export written out, an upload under its own name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from greentrack import config
from greentrack.errors import GreentrackError

# How the heavy part of an upload (reading the file) runs: `function(*arguments)` in this process (`run_here`),
# or in a worker process (services/jobs.py hands in its bounded pool's runner).
Runner = Callable[[Callable[..., Any], tuple[Any, ...]], Any]


def run_here(function: Callable[..., Any], arguments: tuple[Any, ...]) -> Any:
    """Run the heavy part in this process."""
    return function(*arguments)


def write_file(out: Path, data: bytes) -> Path:
    """Write `data` to `out`; UsageError naming the file when it cannot be written."""
    from greentrack.errors import UsageError

    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


MAX_NAME_BYTES = 200  # an upload's name as kept, in UTF-8: file systems refuse names past 255 bytes
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")  # control characters; separators are cut off before


def upload_name(filename: str | None, default: str = "upload") -> str:
    """The name an upload is known by: its base name only (no folder, no `..`), without control
    characters, leading dots or blanks, cut to MAX_NAME_BYTES keeping its extension; `default` when nothing
    is left. Used before the name touches a path or a message."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip().lstrip(".").strip()
    if not base:
        return default
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 10:  # no extension, or a "suffix" that is just the end of a long name
        stem, suffix = base, ""
    room = MAX_NAME_BYTES - (len(suffix.encode()) + 1 if suffix else 0)
    stem = stem.encode()[:room].decode(errors="ignore").rstrip(". ") or default
    return f"{stem}.{suffix}" if suffix else stem


def check_upload_size(name: str, data: bytes) -> None:
    """FileTooLarge, naming the upload, when it is over the `max_file_mb` setting."""
    from greentrack.errors import FileTooLarge

    limit = float(config.get("max_file_mb"))
    if len(data) > limit * 1024 * 1024:
        raise FileTooLarge(name, f"larger than {limit:g} MB (setting max_file_mb)")


def upload_path(folder: str, filename: str, data: bytes) -> Path:
    """An uploaded file written under its own (sanitised) base name: the reader and the messages go by it."""
    name = upload_name(filename)
    check_upload_size(name, data)
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def as_uploaded(error: GreentrackError, path: Path) -> GreentrackError:
    """The error naming the file as uploaded, not the server's temporary copy of it."""
    from greentrack.errors import ReadError

    if isinstance(error, ReadError):
        return type(error)(path.name, error.reason)
    if str(path) in error.message:
        error.message = error.message.replace(str(path), path.name)
        error.args = (error.message,)
    return error
