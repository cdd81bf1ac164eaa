"""Files the services write or receive: a report or export written out, an upload under its own name."""

from __future__ import annotations

from pathlib import Path

from greentrack import config
from greentrack.errors import GreentrackError


def write_file(out: Path, data: bytes) -> Path:
    """Write `data` to `out`; UsageError naming the file when it cannot be written."""
    from greentrack.errors import UsageError

    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


def upload_path(folder: str, filename: str, data: bytes) -> Path:
    """An uploaded file written under its own base name (the reader and the messages go by the name)."""
    from greentrack.errors import FileTooLarge

    name = Path(filename.replace("\\", "/")).name.strip() or "upload"
    limit = float(config.get("max_file_mb"))
    if len(data) > limit * 1024 * 1024:
        raise FileTooLarge(name, f"larger than {limit:g} MB (setting max_file_mb)")
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
