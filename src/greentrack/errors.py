"""Every error greentrack reports on purpose: one class each, with an exit code and an HTTP status.

Messages say what happened and what to do. The CLI prints `Error: <message>` and exits with
`exit_code`; the web layer answers with `http_status` and the same message. A class states its exit code,
HTTP status and code as class keywords (`class X(GreentrackError, exit_code=2, http_status=404, code="x")`);
one whose message is a fixed sentence about a few values gives it as `template` and fills it with `_fill`.
"""

from __future__ import annotations

from typing import Any, ClassVar


class GreentrackError(Exception):
    """Base of all expected errors; never shown with a traceback."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    code: ClassVar[str] = "error"
    template: ClassVar[str] = "{message}"

    def __init_subclass__(cls, exit_code: int | None = None, http_status: int | None = None,
                          code: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in (("exit_code", exit_code), ("http_status", http_status), ("code", code)):
            if value is not None:  # not given: inherited from the base class
                setattr(cls, name, value)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _fill(self, **fields: object) -> None:
        """The message is `template` filled with `fields`, each kept as an attribute of the error."""
        GreentrackError.__init__(self, self.template.format(**fields))
        self.__dict__.update(fields)

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


class ReadError(GreentrackError, exit_code=2, http_status=422, code="read_error"):
    """A document could not be read."""

    template = "cannot read {path}: {reason}"

    def __init__(self, path: object, reason: str) -> None:
        self._fill(path=str(path), reason=reason)


class DocumentNotFound(ReadError, exit_code=3, http_status=404, code="not_found"):
    """The file named does not exist."""


class UnsupportedFormat(ReadError, code="unsupported_format"):
    """The file's extension is not one greentrack reads."""


class FileTooLarge(ReadError, http_status=413, code="file_too_large"):
    """The file is larger than the configured size limit."""


class OverLimit(ReadError, http_status=413, code="over_limit"):
    """A document or sheet goes past a configured limit (rows, columns, cells, pages, characters, time)."""


class EmptyDocument(ReadError, code="empty_document"):
    """The file holds no text."""


class CorruptDocument(ReadError, code="corrupt_document"):
    """The file is damaged or is not what its extension says."""


class NoTextLayer(ReadError, code="no_text_layer"):
    """A PDF has pages but no text layer (a scan without OCR)."""


class UndecodableText(ReadError, code="undecodable_text"):
    """A text file is in no encoding greentrack can detect (binary data?)."""


class ConfigError(GreentrackError, exit_code=4, http_status=500, code="config_error"):
    """A setting has a value that cannot be used."""


class UsageError(GreentrackError, exit_code=2, http_status=400, code="usage_error"):
    """A command was called with arguments that do not fit together."""


class UnknownIndicator(GreentrackError, exit_code=2, http_status=404, code="unknown_indicator"):
    """An indicator id that is not in the catalog."""

    template = "unknown indicator id '{indicator_id}': run `greentrack catalog` to list the ids"

    def __init__(self, indicator_id: str) -> None:
        self._fill(indicator_id=indicator_id)


class AliasStoreError(GreentrackError, exit_code=2, http_status=422, code="alias_store_error"):
    """The file of confirmed aliases cannot be read."""


class LedgerError(GreentrackError, exit_code=5, http_status=503, code="ledger_error"):
    """The ledger database cannot be opened, migrated or written."""


class LedgerBusy(LedgerError, exit_code=5, http_status=503, code="ledger_busy"):
    """Another process kept the ledger locked longer than the busy timeout (SQLite): retry in a moment."""


class ServerBusy(GreentrackError, exit_code=5, http_status=503, code="server_busy"):
    """The server's queue of uploads (or of password checks) is full: retry in a moment."""


class UnknownJob(GreentrackError, exit_code=2, http_status=404, code="unknown_job"):
    """No upload job of that id for this user (or it ended more than an hour ago)."""


class JobNotDone(GreentrackError, exit_code=2, http_status=409, code="job_not_done"):
    """A job's file asked for before the job has made it (poll the job until its state is `done`)."""


class LedgerDataError(GreentrackError, exit_code=2, http_status=422, code="ledger_data_error"):
    """A data file for the ledger (observations) has a bad cell: file, row, column and reason."""

    template = "{path} row {row} column {column}: {reason}"

    def __init__(self, path: object, row: int, column: str, reason: str) -> None:
        self._fill(path=str(path), row=row, column=column, reason=reason)


class DuplicateObservation(GreentrackError, exit_code=2, http_status=409, code="duplicate_observation"):
    """An observation for the same indicator (or target) and period is already in the ledger."""


class UnknownObservation(GreentrackError, exit_code=2, http_status=404, code="unknown_observation"):
    """An observation id that is not in the ledger."""


class SeriesConflict(GreentrackError, exit_code=2, http_status=409, code="series_conflict"):
    """Targets that cannot share one series (another place, indicator or measure), or a value already withdrawn."""


class UnknownTarget(GreentrackError, exit_code=2, http_status=404, code="unknown_target"):
    """A target id that is not in the ledger."""


class UnknownTask(GreentrackError, exit_code=2, http_status=404, code="unknown_task"):
    """A task id that is not in the ledger."""


class UnknownCycle(GreentrackError, exit_code=2, http_status=404, code="unknown_cycle"):
    """A reporting cycle id that is not in the ledger."""


class UnknownSupervisionItem(GreentrackError, exit_code=2, http_status=404, code="unknown_supervision_item"):
    """A supervision item (督办事项) id that is not in the ledger."""


class UnknownEvidence(GreentrackError, exit_code=2, http_status=404, code="unknown_evidence"):
    """An evidence file id that is not in the ledger (or not one the reader may see)."""


class StateConflict(GreentrackError, exit_code=2, http_status=409, code="state_conflict"):
    """A step that does not fit where a cycle, task or supervision item stands (closing an unanswered item,
    answering a closed one); the message names both. Nothing was changed."""


class EvidenceRefused(GreentrackError, exit_code=2, http_status=422, code="evidence_refused"):
    """An evidence file refused before anything is stored: too big, a forbidden type, or a hostile archive."""

    template = "evidence file {name} refused: {reason} — nothing was stored"

    def __init__(self, name: str, reason: str) -> None:
        self._fill(name=name, reason=reason)


class InvalidField(GreentrackError, exit_code=2, http_status=422, code="invalid_field"):
    """A value given for a field of a target or task does not fit it (a review's edit); nothing was changed."""

    template = "{field}: {reason} — nothing was changed"

    def __init__(self, field: str, reason: str, suggestions: list[str] | None = None) -> None:
        self._fill(field=field, reason=reason)
        self.suggestions = suggestions or []


class UnknownDocument(GreentrackError, exit_code=2, http_status=404, code="unknown_document"):
    """A document id that is not in the ledger."""


class UnknownDepartmentId(GreentrackError, exit_code=2, http_status=404, code="unknown_department"):
    """A department id that is not in the ledger."""


class AnalysisError(GreentrackError, exit_code=2, http_status=422, code="analysis_error"):
    """Input to an analysis does not fit: a plan with no jurisdiction, an unknown status, a bad weight."""


class IngestError(GreentrackError, exit_code=1, http_status=422, code="ingest_error"):
    """A plan could not be processed into the ledger for a reason other than reading it."""


class UnknownDepartment(GreentrackError, exit_code=2, http_status=404, code="unknown_department"):
    """A department name the ledger does not know; the message lists the closest names it does know."""

    def __init__(self, name: str, close: list[str]) -> None:
        hint = f" — did you mean: {', '.join(close)}?" if close else " — no department of that name is in the ledger"
        super().__init__(f"unknown department '{name}'{hint}")
        self.name, self.close = name, close


class ImportRejected(GreentrackError, exit_code=6, http_status=422, code="import_rejected"):
    """A monitoring-data file has problems (each with file, row, column and reason); nothing was imported."""

    def __init__(self, file: str, problems: list[object]) -> None:  # RowProblem records; printed one per line
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(f"{file}: {count}, nothing imported")
        self.file, self.problems = file, problems


class TrackInputError(GreentrackError, exit_code=2, http_status=422, code="track_input_error"):
    """A target or observation handed to tracking cannot be assessed (unknown kind, a value that is no number)."""


class UnknownJurisdiction(GreentrackError, exit_code=2, http_status=404, code="unknown_jurisdiction"):
    """A jurisdiction (name or code) that no plan in the ledger belongs to."""

    template = ("no plan in the ledger belongs to jurisdiction '{query}' — run `greentrack status` to see the places "
                "it holds, or ingest that place's plans")

    def __init__(self, query: str, candidates: list[str] | None = None, close: bool = True) -> None:
        self._fill(query=query)
        if candidates:  # the places a person may have meant (close), or else those the ledger holds
            names = ", ".join(candidates)
            hint = f"did you mean: {names}?" if close else f"the ledger holds: {names}"
            GreentrackError.__init__(self, f"no plan in the ledger belongs to jurisdiction '{query}' — {hint}")
        self.candidates = candidates or []


class ReportToolError(GreentrackError, exit_code=7, http_status=503, code="report_tool_error"):
    """A program or font a report needs (LibreOffice, a CJK font) is missing or failed."""


class EngineError(GreentrackError, exit_code=8, http_status=503, code="engine_error"):
    """The engine asked for cannot run the work: Ray is not installed, or the cluster cannot be reached."""


class NotAuthenticated(GreentrackError, exit_code=9, http_status=401, code="unauthorized"):
    """No valid login: no session cookie or API token, or one that is unknown, expired, revoked or disabled."""


class LoginThrottled(GreentrackError, exit_code=9, http_status=429, code="too_many_logins"):
    """Too many failed logins for this account or from this address: wait, or the lock-out ends by itself."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class Forbidden(GreentrackError, exit_code=9, http_status=403, code="forbidden"):
    """The user is known but the policy does not let its role do this here; the message says why."""


class UnknownUser(GreentrackError, exit_code=2, http_status=404, code="unknown_user"):
    """No user of that name in the ledger."""


class UserExists(GreentrackError, exit_code=2, http_status=409, code="user_exists"):
    """A user of that name is already in the ledger."""


class AuditImmutable(GreentrackError, exit_code=2, http_status=409, code="audit_immutable"):
    """Something tried to change or delete an audit row: the audit log is append-only."""


# Not expected, but met on one odd document in a batch of thousands (a bug in a stage, a file that vanished):
# ingest and the engines report these by file, as a failed outcome, instead of stopping the run.
UNEXPECTED: tuple[type[Exception], ...] = (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError,
                                           RecursionError)


class OverTimeBudget(GreentrackError, exit_code=5, http_status=503, code="over_time_budget"):
    """A request ran past its time budget (`request_seconds`) and was stopped: the server stays responsive."""


class RequestAbandoned(GreentrackError, exit_code=5, http_status=503, code="abandoned"):
    """The client went away: the work for it was stopped at the next page of rows."""
