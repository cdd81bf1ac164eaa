"""Evidence files (佐证材料) a department attaches to a task report or a supervision answer: checked before
anything is stored, like any upload (docs/supervision.md "Evidence").

A file is refused, naming it and the reason, when it is larger than `max_evidence_mb`, when its extension is not
one of `evidence_types`, when its content is not what its extension says (a .pdf that does not start as a PDF,
an executable renamed .jpg), or when it is an archive (.docx, .xlsx, .ofd) that would expand past the zip limits
(a zip bomb): the archive's directory is read, nothing is unpacked.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from greentrack import config
from greentrack.errors import CorruptDocument, EvidenceRefused, OverLimit
from greentrack.services.files import upload_name

# extension → (media type, how its content starts: any of these prefixes; None: text, checked apart)
_ZIP = (b"PK\x03\x04",)
KINDS: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "ofd": ("application/ofd", _ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "txt": ("text/plain; charset=utf-8", None),
}


@dataclass(frozen=True)
class CheckedEvidence:
    """A file that passed every check, ready to store."""

    name: str
    media_type: str
    data: bytes
    sha256: str


def allowed_types() -> list[str]:
    """The extensions the `evidence_types` setting allows (and this module knows how to check)."""
    chosen = [part.strip().lower().lstrip(".") for part in str(config.get("evidence_types")).split(",")]
    return [kind for kind in chosen if kind in KINDS]


def check_evidence(filename: str | None, data: bytes) -> CheckedEvidence:
    """The file, checked; EvidenceRefused naming it and the reason otherwise."""
    name = upload_name(filename, "evidence")
    limit = float(config.get("max_evidence_mb"))
    if len(data) > limit * 1024 * 1024:
        raise EvidenceRefused(name, f"{len(data) / 1024 / 1024:.1f} MB is larger than {limit:g} MB (setting "
                                    "max_evidence_mb)")
    if not data:
        raise EvidenceRefused(name, "the file is empty")
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    allowed = allowed_types()
    if suffix not in allowed:
        raise EvidenceRefused(name, f"type .{suffix or '(none)'} is not allowed — allowed: "
                                    f"{', '.join('.' + kind for kind in allowed)} (setting evidence_types)")
    media_type, starts = KINDS[suffix]
    if starts is None:
        _check_text(name, data)
    elif not data.startswith(starts):
        raise EvidenceRefused(name, f"the content is not a .{suffix} file (it does not start as one)")
    if starts == _ZIP:
        _check_archive(name, suffix, data)
    return CheckedEvidence(name, media_type, data, hashlib.sha256(data).hexdigest())


def _check_text(name: str, data: bytes) -> None:
    if b"\x00" in data:
        raise EvidenceRefused(name, "a .txt file holds binary content (NUL bytes)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvidenceRefused(name, f"a .txt file must be UTF-8 text (byte {exc.start} is not)") from exc


def _check_archive(name: str, suffix: str, data: bytes) -> None:
    """The zip limits of documents (read/zipguard.py), on the bytes, without unpacking."""
    import zipfile

    from greentrack.read.zipguard import check_archive

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise EvidenceRefused(name, f"a .{suffix} file must be a readable zip archive ({exc})") from exc
    try:
        check_archive(io.BytesIO(data), f".{suffix} file")  # type: ignore[arg-type]  # ZipFile takes a file object
    except (CorruptDocument, OverLimit) as exc:
        raise EvidenceRefused(name, exc.reason) from exc
