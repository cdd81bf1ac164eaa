"""Write target and task records as JSON Lines, CSV or Excel, in the field order of the spec."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.styles import Font

from greentrack.errors import UsageError
from greentrack.ledger.safe_cells import csv_cell, xlsx_text

FORMATS = ("jsonl", "csv", "xlsx")
LIST_JOINER = "、"
SECTION_JOINER = " > "


def record_dict(record: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict: tuples become lists, field order kept."""
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(record).items()}


def _flat(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return (SECTION_JOINER if key == "section" else LIST_JOINER).join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flat_rows(records: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for tabular formats: lists joined (、 for names, ' > ' for the section path)."""
    if not records:
        return [], []
    dicts = [record_dict(r) for r in records]
    header = list(dicts[0])
    return header, [[_flat(k, d[k]) for k in header] for d in dicts]


def write_jsonl(records: Iterable[Any], stream: TextIO) -> None:
    """One JSON object per line, UTF-8 text, Chinese unescaped."""
    for record in records:
        stream.write(json.dumps(record_dict(record), ensure_ascii=False) + "\n")


def write_csv(records: Sequence[Any], stream: TextIO) -> None:
    """A header row then one row per record."""
    header, rows = flat_rows(records)
    writer = csv.writer(stream, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)  # no cell runs as a formula


def write_xlsx(records: Sequence[Any], path: Path, sheet: str = "targets") -> None:
    """An Excel workbook with a bold, frozen header row."""
    header, rows = flat_rows(records)
    book = Workbook()
    ws = book.active
    ws.title = sheet
    if header:
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            xlsx_text(cell)  # text starting with = + - @ stays text (formula injection)
    book.save(path)


def write_records(records: Sequence[Any], fmt: str, out: Path | None, stdout: TextIO) -> None:
    """Write `records` in `fmt` to `out`, or to `stdout` when `out` is None."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' — choose one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        if out is None:
            raise UsageError("xlsx output needs a file — pass --out PATH.xlsx")
        write_xlsx(records, out)
        return
    buffer = io.StringIO()
    (write_jsonl if fmt == "jsonl" else write_csv)(records, buffer)
    if out is None:
        stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8")
