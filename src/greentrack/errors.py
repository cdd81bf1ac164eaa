"""Every error greentrack reports on purpose: one class each, with an exit code and an HTTP status.

Messages say what happened and what to do. The CLI prints `Error: <message>` and exits with
`exit_code`; the web layer answers with `http_status` and the same message.
"""

from __future__ import annotations


class GreentrackError(Exception):
    """Base of all expected errors; never shown with a traceback."""

    exit_code = 1
    http_status = 500
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its attributes, not by calling __init__ again (subclasses take other arguments):
        # errors cross process boundaries when documents are processed on a pool or on Ray.
        return _rebuild, (type(self), self.__dict__)


def _rebuild(cls: type[GreentrackError], state: dict[str, object]) -> GreentrackError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class ReadError(GreentrackError):
    """A document could not be read."""

    exit_code = 2
    http_status = 422
    code = "read_error"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.path = str(path)
        self.reason = reason


class DocumentNotFound(ReadError):
    """The file named does not exist."""

    exit_code = 3
    http_status = 404
    code = "not_found"


class UnsupportedFormat(ReadError):
    """The file's extension is not one greentrack reads."""

    code = "unsupported_format"


class FileTooLarge(ReadError):
    """The file is larger than the configured size limit."""

    http_status = 413
    code = "file_too_large"


class EmptyDocument(ReadError):
    """The file holds no text."""

    code = "empty_document"


class CorruptDocument(ReadError):
    """The file is damaged or is not what its extension says."""

    code = "corrupt_document"


class NoTextLayer(ReadError):
    """A PDF has pages but no text layer (a scan without OCR)."""

    code = "no_text_layer"


class UndecodableText(ReadError):
    """A text file is in no encoding greentrack can detect (binary data?)."""

    code = "undecodable_text"


class ConfigError(GreentrackError):
    """A setting has a value that cannot be used."""

    exit_code = 4
    http_status = 500
    code = "config_error"


class UsageError(GreentrackError):
    """A command was called with arguments that do not fit together."""

    exit_code = 2
    http_status = 400
    code = "usage_error"


class UnknownIndicator(GreentrackError):
    """An indicator id that is not in the catalog."""

    exit_code = 2
    http_status = 404
    code = "unknown_indicator"

    def __init__(self, indicator_id: str) -> None:
        super().__init__(f"unknown indicator id '{indicator_id}': run `greentrack catalog` to list the ids")
        self.indicator_id = indicator_id


class AliasStoreError(GreentrackError):
    """The file of confirmed aliases cannot be read."""

    exit_code = 2
    http_status = 422
    code = "alias_store_error"


class LedgerError(GreentrackError):
    """The ledger database cannot be opened, migrated or written."""

    exit_code = 5
    http_status = 503
    code = "ledger_error"


class LedgerDataError(GreentrackError):
    """A data file for the ledger (observations) has a bad cell: file, row, column and reason."""

    exit_code = 2
    http_status = 422
    code = "ledger_data_error"

    def __init__(self, path: object, row: int, column: str, reason: str) -> None:
        super().__init__(f"{path} row {row} column {column}: {reason}")
        self.path, self.row, self.column, self.reason = str(path), row, column, reason


class DuplicateObservation(GreentrackError):
    """An observation for the same indicator (or target) and period is already in the ledger."""

    exit_code = 2
    http_status = 409
    code = "duplicate_observation"


class UnknownTarget(GreentrackError):
    """A target id that is not in the ledger."""

    exit_code = 2
    http_status = 404
    code = "unknown_target"


class UnknownDocument(GreentrackError):
    """A document id that is not in the ledger."""

    exit_code = 2
    http_status = 404
    code = "unknown_document"


class UnknownDepartmentId(GreentrackError):
    """A department id that is not in the ledger."""

    exit_code = 2
    http_status = 404
    code = "unknown_department"


class AnalysisError(GreentrackError):
    """Input to an analysis does not fit: a plan with no jurisdiction, an unknown status, a bad weight."""

    exit_code = 2
    http_status = 422
    code = "analysis_error"


class IngestError(GreentrackError):
    """A plan could not be processed into the ledger for a reason other than reading it."""

    exit_code = 1
    http_status = 422
    code = "ingest_error"


class UnknownDepartment(GreentrackError):
    """A department name the ledger does not know; the message lists the closest names it does know."""

    exit_code = 2
    http_status = 404
    code = "unknown_department"

    def __init__(self, name: str, close: list[str]) -> None:
        hint = f" — did you mean: {', '.join(close)}?" if close else " — no department of that name is in the ledger"
        super().__init__(f"unknown department '{name}'{hint}")
        self.name, self.close = name, close


class ImportRejected(GreentrackError):
    """A monitoring-data file has problems (each with file, row, column and reason); nothing was imported."""

    exit_code = 6
    http_status = 422
    code = "import_rejected"

    def __init__(self, file: str, problems: list[object]) -> None:  # RowProblem records; printed one per line
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(f"{file}: {count}, nothing imported")
        self.file, self.problems = file, problems


class TrackInputError(GreentrackError):
    """A target or observation handed to tracking cannot be assessed (unknown kind, a value that is no number)."""

    exit_code = 2
    http_status = 422
    code = "track_input_error"


class UnknownJurisdiction(GreentrackError):
    """A jurisdiction (name or code) that no plan in the ledger belongs to."""

    exit_code = 2
    http_status = 404
    code = "unknown_jurisdiction"

    def __init__(self, query: str) -> None:
        super().__init__(f"no plan in the ledger belongs to jurisdiction '{query}' — "
                         "run `greentrack status` to see the places it holds, or ingest that place's plans")
        self.query = query


class ReportToolError(GreentrackError):
    """A program or font a report needs (LibreOffice, a CJK font) is missing or failed."""

    exit_code = 7
    http_status = 503
    code = "report_tool_error"


class EngineError(GreentrackError):
    """The engine asked for cannot run the work: Ray is not installed, or the cluster cannot be reached."""

    exit_code = 8
    http_status = 503
    code = "engine_error"


class NotAuthenticated(GreentrackError):
    """No valid login: no session cookie or API token, or one that is unknown, expired, revoked or disabled."""

    exit_code = 9
    http_status = 401
    code = "unauthorized"


class Forbidden(GreentrackError):
    """The user is known but the policy does not let its role do this here; the message says why."""

    exit_code = 9
    http_status = 403
    code = "forbidden"


class UnknownUser(GreentrackError):
    """No user of that name in the ledger."""

    exit_code = 2
    http_status = 404
    code = "unknown_user"


class UserExists(GreentrackError):
    """A user of that name is already in the ledger."""

    exit_code = 2
    http_status = 409
    code = "user_exists"


class AuditImmutable(GreentrackError):
    """Something tried to change or delete an audit row: the audit log is append-only."""

    exit_code = 2
    http_status = 409
    code = "audit_immutable"
