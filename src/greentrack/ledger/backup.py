"""Backup and restore: every table of a ledger to one portable JSON Lines file, and back into an empty ledger.

The file is dialect-neutral (a SQLite ledger restores into PostgreSQL and back): dates and times
as ISO text, JSON columns as JSON, numbers as JSON numbers (Python writes floats so that they read
back bit for bit). Layout, one JSON value per line:

    {"format": "greentrack-backup", "version": 1, "revision": …, "tables": [...], …}   the header
    {"table": "documents", "columns": [...], "rows": N}                                 then per table
    [value, value, …]                                                                   N rows
    {"end": true, "rows": total, "sha256": …}                                           the footer

The footer's digest covers every line before it, so a truncated or edited file is refused before
anything is written. A restore is one transaction: all tables or nothing. It writes through SQLAlchemy
Core, below the ORM's audit hook, so the audit log is restored as it was and gains no rows of its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Table, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from greentrack.errors import CorruptDocument, LedgerError, UsageError
from greentrack.ledger.db import Ledger, current_revision, head_revision
from greentrack.ledger.schema import Base

FORMAT, VERSION = "greentrack-backup", 1
BATCH = 1000


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or restore moved: the file, rows per table, and the schema revision."""

    path: Path
    tables: dict[str, int]
    revision: str | None

    @property
    def rows(self) -> int:
        """Rows over all tables."""
        return sum(self.tables.values())


def tables() -> list[Table]:
    """The ledger's tables, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # an evidence file's content (LargeBinary): base64 in the JSON line
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(table: Table, columns: list[str], values: list[Any]) -> dict[str, Any]:
    row = dict(zip(columns, values, strict=True))
    for name, value in row.items():
        if value is None:
            continue
        kind = table.c[name].type
        if isinstance(kind, DateTime):
            row[name] = dt.datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            row[name] = dt.date.fromisoformat(value)
        elif isinstance(kind, LargeBinary):
            row[name] = base64.b64decode(value, validate=True)
    return row


def table_rows(connection: Connection, table: Table) -> Iterator[list[Any]]:
    """Every row of `table` in primary-key order, each value as the backup file writes it."""
    query = select(*table.columns).order_by(*table.primary_key.columns)
    for row in connection.execution_options(stream_results=True, max_row_buffer=BATCH).execute(query):
        yield [_encode(value) for value in row]


def snapshot(ledger: Ledger) -> dict[str, list[list[Any]]]:
    """Every table's rows, in key order: two ledgers are the same when their snapshots are equal."""
    with ledger.engine.connect() as connection:
        return {table.name: list(table_rows(connection, table)) for table in tables()}


def row_counts(ledger: Ledger) -> dict[str, int]:
    """Rows per table."""
    with ledger.engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}


# ---------------------------------------------------------------- backup


def _open_out(path: Path, packed: bool) -> IO[str]:
    if packed:
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    return path.open("w", encoding="utf-8", newline="\n")


def _snapshot_connection(ledger: Ledger) -> Connection:
    """A connection that sees one state of the whole ledger while other writers go on."""
    connection = ledger.engine.connect()
    if ledger.engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    # on SQLite the engine's begin hook (ledger/db.py) opens a real transaction at the first SELECT, so every
    # SELECT sees the same commit
    return connection


def write_backup(ledger: Ledger, out: Path) -> BackupSummary:
    """Write every table of the ledger to `out` (JSON Lines; gzip when it ends in .gz), atomically."""
    if not out.parent.is_dir():
        raise UsageError(f"cannot write the backup {out}: folder {out.parent} does not exist")
    partial = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    connection = _snapshot_connection(ledger)
    try:
        with _open_out(partial, out.suffix == ".gz") as handle:
            def line(value: Any) -> None:
                encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
                digest.update(encoded.encode("utf-8"))
                handle.write(encoded)

            revision = current_revision_of(connection)
            line({"format": FORMAT, "version": VERSION, "revision": revision, "dialect": ledger.engine.dialect.name,
                  "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "tables": [t.name for t in tables()]})
            for table in tables():  # counted first, then streamed: the snapshot keeps the two equal
                count = connection.execute(select(func.count()).select_from(table)).scalar_one()
                line({"table": table.name, "columns": [c.name for c in table.columns], "rows": count})
                written = 0
                for row in table_rows(connection, table):
                    line(row)
                    written += 1
                if written != count:
                    raise LedgerError(f"table {table.name} changed during the backup ({count} rows, then {written})")
                counts[table.name] = count
            handle.write(json.dumps({"end": True, "rows": sum(counts.values()), "sha256": digest.hexdigest()}) + "\n")
        os.replace(partial, out)
    except SQLAlchemyError as exc:
        raise LedgerError(f"cannot read the ledger for a backup: {str(exc).splitlines()[0]}") from exc
    finally:
        connection.rollback()
        connection.close()
        partial.unlink(missing_ok=True)
    return BackupSummary(out, counts, revision)


def current_revision_of(connection: Connection) -> str | None:
    """The Alembic revision the connected database is at."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class _Section:
    table: Table
    columns: list[str]
    rows: list[list[Any]]


def _read_lines(source: Path) -> list[str]:
    if not source.is_file():
        raise CorruptDocument(source, "no such backup file")
    try:
        # a cut in mid-character becomes U+FFFD here and fails the checksum, named as damage, not as a codec error
        if source.suffix == ".gz":
            with gzip.open(source, "rt", encoding="utf-8", errors="replace") as packed:
                return packed.read().split("\n")
        return source.read_text(encoding="utf-8", errors="replace").split("\n")
    except (OSError, EOFError) as exc:
        raise CorruptDocument(source, f"not a greentrack backup ({type(exc).__name__}: {exc})") from exc


def read_backup(source: Path) -> tuple[dict[str, Any], list[_Section]]:
    """The header and every table of a backup file, checked whole (digest, counts, columns) before any write."""
    lines = [line for line in _read_lines(source) if line]
    if len(lines) < 2:
        raise CorruptDocument(source, "not a greentrack backup (too short)")
    values = []
    for number, line in enumerate(lines, 1):
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CorruptDocument(source, f"line {number}: not JSON ({exc.msg}) — the file is damaged or "
                                          "truncated") from exc
    header, footer = values[0], values[-1]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CorruptDocument(source, "line 1: not a greentrack backup (no greentrack-backup header)")
    if header.get("version") != VERSION:
        raise CorruptDocument(source, f"backup format version {header.get('version')!r}; this greentrack reads "
                                      f"version {VERSION}")
    if not isinstance(footer, dict) or not footer.get("end"):
        raise CorruptDocument(source, "the backup is truncated (no end line) — take it again")
    digest = hashlib.sha256("".join(line + "\n" for line in lines[:-1]).encode("utf-8")).hexdigest()
    if digest != footer.get("sha256"):
        raise CorruptDocument(source, "the backup's checksum does not match its content — the file was changed "
                                      "or damaged")
    return header, _sections(source, values[1:-1])


def _sections(source: Path, values: list[Any]) -> list[_Section]:
    known = {t.name: t for t in tables()}
    sections: list[_Section] = []
    index = 0
    while index < len(values):
        head = values[index]
        if not isinstance(head, dict) or head.get("table") not in known:
            raise CorruptDocument(source, f"line {index + 2}: expected a table header, found {str(head)[:60]}")
        table = known[head["table"]]
        columns = list(head.get("columns", []))
        if set(columns) != set(table.columns.keys()):
            raise CorruptDocument(source, f"table {table.name}: its columns differ from this ledger's schema")
        count = int(head.get("rows", -1))
        rows = values[index + 1: index + 1 + count]
        if len(rows) != count or any(not isinstance(r, list) or len(r) != len(columns) for r in rows):
            raise CorruptDocument(source, f"table {table.name}: expected {count} rows of {len(columns)} values")
        sections.append(_Section(table, columns, rows))
        index += 1 + count
    return sections


def _parents_first(section: _Section) -> list[list[Any]]:
    """Rows of a table that refers to itself (a jurisdiction's parent, a document's previous version) ordered
    so that each row's parent is inserted before it."""
    own = [fk for fk in section.table.foreign_keys if fk.column.table is section.table]
    if not own:
        return section.rows
    key = section.columns.index(next(iter(section.table.primary_key.columns)).name)
    refs = [section.columns.index(fk.parent.name) for fk in own]
    placed: set[Any] = set()
    ordered: list[list[Any]] = []
    pending = section.rows
    while pending:
        ready = [r for r in pending if all(r[i] is None or r[i] in placed or r[i] == r[key] for i in refs)]
        if not ready:
            raise CorruptDocument(section.table.name, "rows refer to parents that are not in the backup")
        ordered.extend(ready)
        placed.update(r[key] for r in ready)
        pending = [r for r in pending if r[key] not in placed]
    return ordered


def _require_empty(connection: Connection, url: str) -> None:
    filled = {t.name: n for t in tables()
              if (n := connection.execute(select(func.count()).select_from(t)).scalar_one())}
    if filled:
        held = ", ".join(f"{n} {name}" for name, n in filled.items())
        raise UsageError(f"the ledger at {url} is not empty ({held}) — restore into a new, empty ledger "
                         "(a new --db file or an empty database)")


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences that an explicit-id insert does not move: set each to the max."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement is not False and keys[0].type.python_type is int:
            connection.execute(text(
                f"select setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                f"coalesce(max({keys[0].name}), 1), max({keys[0].name}) is not null) from {table.name}"))


def restore_backup(ledger: Ledger, source: Path) -> BackupSummary:
    """Load a backup into an empty ledger in one transaction; the file is checked whole before the first write."""
    header, sections = read_backup(source)
    head = head_revision()
    if header.get("revision") != head:
        raise UsageError(f"{source} is a backup of schema revision {header.get('revision')}; this greentrack's "
                         f"ledger is at {head} — restore it with the greentrack version that wrote it")
    if current_revision(ledger.engine) != head:
        raise LedgerError(f"the ledger at {ledger.url} is not at schema revision {head}")
    try:
        with ledger.engine.begin() as connection:
            _require_empty(connection, ledger.url)
            for section in sections:
                rows = _parents_first(section)
                for start in range(0, len(rows), BATCH):
                    batch = [_decode(section.table, section.columns, r) for r in rows[start:start + BATCH]]
                    connection.execute(insert(section.table), batch)
            _reset_sequences(connection)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise LedgerError(f"cannot restore {source.name} into {ledger.url}: {reason} — nothing was written") from exc
    return BackupSummary(source, {s.table.name: len(s.rows) for s in sections}, header.get("revision"))
