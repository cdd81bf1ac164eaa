"""The ledger (台账) with statuses, written as xlsx, csv or json: one row per target, the same fields each way."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from greentrack.errors import UsageError
from greentrack.ledger.records import REVIEW_LABELS
from greentrack.ledger.safe_cells import csv_cell, xlsx_text
from greentrack.ledger.status import ILLUSTRATIVE, StatusReport, StatusRow
from greentrack.reports import cells
from greentrack.track import STATUS_LABELS

FORMATS = ("xlsx", "csv", "json")
# (field, Chinese heading, English heading) of every exported column, in order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("id", "编号", "id"), ("document", "文件", "document"), ("version", "版本", "version"),
    ("jurisdiction_code", "区划代码", "jurisdiction code"), ("jurisdiction", "辖区", "jurisdiction"),
    ("indicator", "指标", "indicator"), ("indicator_id", "指标编码", "indicator id"),
    ("kind", "类型", "kind"), ("comparator", "比较", "comparator"), ("value", "目标值", "target value"),
    ("unit", "单位", "unit"), ("year", "目标年", "year"), ("deadline", "截止日期", "deadline"),
    ("baseline_value", "基期值", "baseline"), ("baseline_year", "基期年", "baseline year"),
    ("scope", "范围", "scope"), ("responsible", "牵头/责任单位", "responsible unit"),
    ("lead_departments", "牵头部门", "lead departments"),
    ("departments", "责任部门", "departments"), ("status", "状态", "status"),
    ("status_zh", "状态（中文）", "status zh"), ("review", "审核", "review"),
    ("review_zh", "审核（中文）", "review zh"),
    ("completion", "完成率", "completion"), ("ratio", "进度比", "pace ratio"),
    ("latest_value", "最新值", "latest value"),
    ("tracking_unit", "计量单位", "tracking unit"), ("latest_period", "最新期", "latest period"),
    ("expected", "应达值", "expected"), ("forecast_year", "预计达成年", "forecast year"),
    ("shortfall", "预计缺口", "shortfall"), ("observations", "数据条数", "observations"),
    ("illustrative", ILLUSTRATIVE, "illustrative"), ("quote", "原文", "quote"),
)


def export_record(row: StatusRow) -> dict[str, Any]:
    """One target of the ledger with its status, as plain values."""
    record, target, assessment = row.record, row.record.target, row.assessment
    return {
        "id": record.id, "document": target.doc, "version": record.document_version,
        "jurisdiction_code": record.jurisdiction_code, "jurisdiction": record.jurisdiction_name,
        "indicator": target.indicator, "indicator_id": record.indicator_id, "kind": target.kind,
        "comparator": target.comparator, "value": target.value, "unit": target.unit, "year": target.year,
        "deadline": target.deadline, "baseline_value": target.baseline_value, "baseline_year": target.baseline_year,
        "scope": target.scope, "responsible": cells.leads_text(row),
        "lead_departments": list(record.lead_departments),
        "departments": list(record.departments), "status": assessment.status,
        "status_zh": STATUS_LABELS[assessment.status][0], "review": record.review.state,
        "review_zh": REVIEW_LABELS[record.review.state][0], "completion": assessment.completion,
        "ratio": assessment.ratio,
        "latest_value": assessment.latest_value, "tracking_unit": row.tracked.target.unit,
        "latest_period": assessment.latest_period.isoformat() if assessment.latest_period else None,
        "expected": assessment.expected, "forecast_year": assessment.forecast_year,
        "shortfall": assessment.shortfall, "observations": len(row.observations),
        "illustrative": row.illustrative, "quote": target.quote,
    }


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, bool):
        return ILLUSTRATIVE if value else ""
    return value


def render(report: StatusReport, fmt: str) -> bytes:
    """The report in `fmt` (xlsx, csv or json) as bytes."""
    records = [export_record(row) for row in report.rows]
    if fmt == "json":
        payload = {"as_of": report.as_of.isoformat(), "illustrative": report.illustrative,
                   "note": f"{ILLUSTRATIVE}: 含虚构演示数值 (contains made-up values)" if report.illustrative else "",
                   "targets": records}
        return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([f"{zh} {en}" for _, zh, en in FIELDS])
        writer.writerows([csv_cell(_cell(r[name])) for name, _, _ in FIELDS] for r in records)
        return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the Chinese correctly
    if fmt == "xlsx":
        return _xlsx(report, records)
    raise UsageError(f"unknown export format {fmt!r} — use one of {', '.join(FORMATS)}")


def _xlsx(report: StatusReport, records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "台账 ledger"
    sheet.append([f"{zh} {en}" for _, zh, en in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append([_cell(record[name]) for name, _, _ in FIELDS])
        for cell in sheet[sheet.max_row]:
            xlsx_text(cell)  # a name starting with = stays text (formula injection)
    sheet.freeze_panes = "A2"
    about = book.create_sheet("说明 about")
    about.append(["统计日期 as of", report.as_of.isoformat()])
    about.append(["目标数 targets", len(records)])
    if report.illustrative:
        about.append([ILLUSTRATIVE, "标记为示例数据的行使用虚构数值，仅供演示 "
                                    "(rows marked 示例数据 use made-up values)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_streamed(pages: Iterable[Sequence[StatusRow]], fmt: str, out: IO[bytes], as_of: date,
                   illustrative: bool | None) -> None:
    """The rows, page by page, as csv or json to `out`: the bytes `render` gives, without holding the ledger.
    `illustrative` None: learnt from the rows (json's head says it, so its rows go to a spool file first)."""
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([f"{zh} {en}" for _, zh, en in FIELDS])
        for rows in pages:
            writer.writerows([csv_cell(_cell(r[name])) for name, _, _ in FIELDS] for r in map(export_record, rows))
        text.flush()
        text.detach()
        return
    if fmt != "json":
        raise UsageError(f"unknown export format {fmt!r} — use csv or json")
    if illustrative is not None:
        _json_head(out, as_of, illustrative)
        _json_rows(pages, out)
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        illustrative = _json_rows(pages, spool)
        _json_head(out, as_of, illustrative)
        spool.seek(0)
        shutil.copyfileobj(spool, out)


SPOOL_BYTES = 16 * 1024 * 1024  # json rows kept in memory before the spool moves to a temporary file
_EMPTY = "[]\n}"


def _json_head(out: IO[bytes], as_of: date, illustrative: bool) -> None:
    head = json.dumps({"as_of": as_of.isoformat(), "illustrative": illustrative,
                       "note": f"{ILLUSTRATIVE}: 含虚构演示数值 (contains made-up values)" if illustrative else "",
                       "targets": []}, ensure_ascii=False, indent=1)
    out.write(head[:-len(_EMPTY)].encode("utf-8"))


def _json_rows(pages: Iterable[Sequence[StatusRow]], out: IO[bytes]) -> bool:
    """The rows as the json list's items and its end; whether any rests on 示例数据."""
    opened = illustrative = False
    for rows in pages:
        for row in rows:
            illustrative = illustrative or row.illustrative
            item = textwrap.indent(json.dumps(export_record(row), ensure_ascii=False, indent=1), "  ")
            out.write((",\n" if opened else "[\n").encode("utf-8") + item.encode("utf-8"))
            opened = True
    out.write(("\n ]\n}\n" if opened else _EMPTY + "\n").encode("utf-8"))
    return illustrative


def write_export(report: StatusReport, fmt: str, out: Path) -> Path:
    """Write the report to `out` in `fmt`; returns the path written."""
    data = render(report, fmt)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
