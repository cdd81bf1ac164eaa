"""Settings, declared once: name, default and help text.

A value comes from the environment (`GREENTRACK_<NAME>`) over the file `greentrack.toml`
(section `[greentrack]`, in the working directory or at `GREENTRACK_CONFIG`) over the default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greentrack.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """One setting: its name, type, default and the help text shown in docs."""

    name: str
    type: type
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return f"GREENTRACK_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("max_file_mb", float, 20.0, "Largest document, in megabytes, that `read` accepts."),
    Setting("max_unzipped_mb", float, 200.0,
            "Largest total, in megabytes, that a .docx or .xlsx (a zip) may declare it expands to; checked "
            "before anything is unpacked, so a zip bomb is refused."),
    Setting("max_zip_ratio", float, 200.0,
            "Largest compression ratio a part over 1 MB of a .docx or .xlsx may have (a zip bomb's is ~1000)."),
    Setting("max_xml_mb", float, 25.0,
            "Largest XML part, in megabytes unpacked, of a .docx or .xlsx (a plan's whole text is a few MB; a "
            "reader holds the part in memory at about ten times its size)."),
    Setting("max_sheet_rows", int, 100_000,
            "Highest row number a reporting sheet (.xlsx) may use, declared or filled."),
    Setting("max_sheet_columns", int, 200,
            "Highest column a reporting sheet (.xlsx) may use, declared or filled (200 = column GR)."),
    Setting("max_sheet_cells", int, 1_000_000,
            "Most cells the rows of a reporting sheet may span (each row counted to its last cell), and most "
            "shared strings its .xlsx may declare."),
    Setting("max_pages", int, 1_000,
            "Most pages a PDF plan may have (a plan runs to tens of pages; a whole yearbook is refused before its "
            "pages are read)."),
    Setting("max_characters", int, 2_000_000,
            "Most characters of text a plan may hold once read (a 100-page plan holds about 100,000)."),
    Setting("max_processing_seconds", float, 300.0,
            "Longest time the server spends reading and extracting one uploaded plan or sheet; past it the worker "
            "is stopped and the upload refused."),
    Setting("job_workers", int, 2,
            "Worker processes of `greentrack serve` that read uploads, one upload at a time each."),
    Setting("job_queue", int, 8,
            "Uploads that may wait for a worker; past them an upload is refused with 503 (retry)."),
    Setting("request_seconds", float, 60.0,
            "Time budget of a served request that reads many targets (overview, comparison, warnings, exports); "
            "past it the request answers 503 with the reason. 0: no budget."),
    Setting("job_memory_mb", int, 1536,
            "Address space, in MB, a worker process may use (its allocations fail past it and the upload is "
            "refused); 0: no cap."),
    Setting("max_request_mb", float, 21.0,
            "Largest request body, in MB, the server reads (a `max_file_mb` upload and its form): a larger one is "
            "refused with 413 while it is read, before anything of it is written to disk."),
    Setting("max_evidence_mb", float, 10.0,
            "Largest evidence file (佐证材料), in megabytes, a department may attach to a task report or a "
            "supervision answer; kept in the ledger itself."),
    Setting("evidence_types", str, "pdf,docx,xlsx,jpg,jpeg,png,txt,ofd",
            "The file types (extensions, comma-separated) evidence may have; the content must match the type."),
    Setting("smtp_host", str, "",
            "SMTP server that mails reminders (催报) to the reporters of a department; empty (the default): "
            "reminders are shown on the department's page only."),
    Setting("smtp_port", int, 25, "Port of `smtp_host`."),
    Setting("smtp_from", str, "greentrack@localhost", "Sender address of reminder e-mails."),
    Setting("aliases_file", str, "greentrack-aliases.json",
            "JSON file where `greentrack review --confirm` remembers indicator aliases."),
    Setting("busy_timeout_seconds", float, 30.0,
            "How long a SQLite ledger waits for another process's write (an import, an ingest) to finish before "
            "giving up with “ledger busy, retry”."),
    Setting("db", str, "greentrack.db",
            "SQLite file of the ledger (台账), used when `database_url` is empty. Never the demo's "
            "`greentrack-demo.db` by default (`greentrack demo` rebuilds it on each run): set this to read the demo. "
            "Commands that read a ledger stop with an error when the file does not exist."),
    Setting("database_url", str, "",
            "SQLAlchemy URL of a shared ledger, e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/test`; "
            "overrides `db` when set."),
    Setting("cjk_font", str, "",
            "Font file with Chinese glyphs for the charts of reports (.ttf/.otf/.ttc); found with `fc-list` "
            "or in the usual font folders when empty (Debian: `apt-get install fonts-noto-cjk`)."),
    Setting("libreoffice", str, "",
            "The LibreOffice program that turns a Word report into PDF; `libreoffice` or `soffice` on the PATH "
            "when empty (Debian: `apt-get install libreoffice-writer-nogui`)."),
    Setting("user", str, "",
            "The ledger user the CLI acts as (its role and scope apply, its name goes into the audit log); "
            "empty: the local operator, an administrator named after the login (`root@local`)."),
    Setting("session_hours", float, 12.0, "How long a dashboard login lasts, in hours."),
    Setting("login_free_failures", int, 3,
            "Failed logins on one account (the name typed, known or not) before each further attempt must wait."),
    Setting("login_delay_seconds", float, 1.0,
            "The first wait after `login_free_failures`, doubled with each further failure; an attempt made "
            "sooner is refused unchecked (429) and counts as a failure."),
    Setting("login_lock_failures", int, 10,
            "Failed logins on one account within `login_window_minutes` that lock it out for `login_lock_minutes` "
            "(the audit log records it)."),
    Setting("login_address_failures", int, 50,
            "Failed logins from one address within `login_window_minutes` that lock the address out."),
    Setting("login_window_minutes", float, 15.0, "How far back failed logins are counted."),
    Setting("login_lock_minutes", float, 15.0, "How long a lock-out lasts."),
    Setting("login_concurrency", int, 2,
            "Password checks (argon2id: 64 MB of memory and ~0.2 s of CPU each) run at once; other logins wait."),
    Setting("login_queue", int, 64, "Logins that may wait for a password check; past them a login gets 503 (retry)."),
    Setting("cookie_secure", str, "auto",
            "When the session cookie is marked Secure (sent over https only): `auto` (when the request came "
            "over https), `always` (behind a TLS proxy) or `never`."),
    Setting("target_list", str, "index",
            "How lists of targets are filtered and sorted: `index` (every status computed in bulk once per date "
            "and ledger change, then numpy; fast at national size) or `report` (the status report, one target at "
            "a time)."),
    Setting("warm_index", str, "1",
            "Whether `greentrack serve` builds today's target index in the background once it is listening, so "
            "the first list request on a large ledger need not wait for it: `1` or `0` (skipped when "
            "`target_list = report`)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _config_file() -> Path:
    return Path(os.environ.get("GREENTRACK_CONFIG", "greentrack.toml"))


def _file_values() -> dict[str, Any]:
    path = _config_file()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc} — fix the file or remove it") from exc
    section = data.get("greentrack", {})
    return section if isinstance(section, dict) else {}


def get(name: str) -> Any:
    """The value of setting `name`: environment over file over default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env_var)
    source = setting.env_var
    if raw is None:
        file_values = _file_values()
        if name not in file_values:
            return setting.default
        raw, source = file_values[name], str(_config_file())
    try:
        return setting.type(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting {name} from {source} is {raw!r}, not a {setting.type.__name__}"
        ) from exc
