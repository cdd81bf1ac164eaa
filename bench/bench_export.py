"""Whole-ledger outputs on synthetic national ledgers: `greentrack export` (xlsx, csv, json), `greentrack
warnings` and `greentrack status`, each at 3,000, 30,000 and 300,000 targets, against a plain openpyxl
write-only dump of the same cells.

    python bench/bench_export.py [--sizes 3000 30000 300000] [--as-of 2025-06-30]

Each command runs in a fresh process (`greentrack` in-process, output to /dev/null, see bench_place.py): the
figures are its CPU time after the imports and its peak RSS. `status` also gives the seconds until its first
row is printed (a subprocess whose stdout is read line by line).

The plain dump is the floor the 台账 is held to: a write-only workbook with the same sheets and the same
number of rows, each row the plain values (no styles) of one of the exported ledger sheet's first 2,000 rows
in turn — cells of the same kinds and lengths, appended as fast as openpyxl can write them; its sheets are
created as the export creates them (openpyxl's `create_sheet` checks each title against every sheet's, which
is quadratic: minutes for 25,000 department sheets). Its figure is the CPU of writing it (the sample rows read
beforehand are not counted).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench_place import national, run
from measure import BENCH, Figure, python, table

SAMPLE = 2_000


def sheet_sizes(db: Path) -> list[int]:
    """Rows of each data sheet of the 台账 of a synthetic ledger (every target current and assigned): the
    ledger sheet, then one per department that answers for a target — or, above DEPARTMENT_SHEETS_AT_MOST
    departments, the one 部门清单 sheet holding them all, as the export writes it; headers included."""
    import sqlite3

    from greentrack.reports.xlsx import DEPARTMENT_SHEETS_AT_MOST

    with sqlite3.connect(db) as connection:
        total = connection.execute("SELECT count(*) FROM targets").fetchone()[0]
        per = [n for (n,) in connection.execute("SELECT count(DISTINCT target_id) FROM responsibilities "
                                                 "WHERE target_id IS NOT NULL GROUP BY department_id")]
    if len(per) > DEPARTMENT_SHEETS_AT_MOST:
        return [total + 1, sum(per) + 1]
    return [total + 1, *(n + 1 for n in per)]


def plain_dump(db: Path, source: Path, out: Path) -> dict[str, float]:
    """Write a write-only workbook with the 台账's data sheets and row counts, plain values only; its CPU."""
    from openpyxl import Workbook, load_workbook

    from greentrack.reports.xlsx_stream import _new_sheet as new_sheet

    sizes = sheet_sizes(db)
    book = load_workbook(source, read_only=True)
    sample = [tuple(row) for row in book[book.sheetnames[1]].iter_rows(min_row=2, max_row=SAMPLE + 1,
                                                                        values_only=True)]
    book.close()
    began = time.process_time()
    dump = Workbook(write_only=True)
    for number, count in enumerate(sizes):
        sheet = new_sheet(dump, f"sheet {number}")  # as the export creates them: no quadratic title check
        for row in range(count):
            sheet.append(sample[row % len(sample)])
        sheet.close()
    dump.save(out)
    return {"cpu": time.process_time() - began, "rows": sum(sizes), "sheets": len(sizes)}


def first_row_seconds(db: Path, as_of: str) -> float:
    """Seconds from starting `greentrack status` until its first table row is printed."""
    env = {**os.environ, "GREENTRACK_DB": str(db), "GREENTRACK_DATABASE_URL": "", "COLUMNS": "200"}
    began = time.perf_counter()
    process = subprocess.Popen(python("-m", "greentrack.cli", "status", "--as-of", as_of), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    seconds = float("nan")
    for line in process.stdout:
        if line.lstrip("│┃| ").split(" ", 1)[0].isdigit():  # a row starts with its target id
            seconds = time.perf_counter() - began
            break
    process.kill()
    process.wait()
    return seconds


class _Shown(list):  # type: ignore[type-arg]
    """The figures, each also printed to stderr as it is measured (a long run keeps what it got)."""

    def append(self, figure: Figure) -> None:
        print(" | ".join(figure.cells()), file=sys.stderr, flush=True)
        super().append(figure)

    def __iadd__(self, figures: object) -> _Shown:
        for figure in figures:  # type: ignore[attr-defined]
            self.append(figure)
        return self


def measure(sizes: tuple[int, ...] = (3_000, 30_000, 300_000), as_of: str = "2025-06-30",
            quick: bool = False) -> list[Figure]:
    """The figures per size (`quick`: nothing judged but memory)."""
    figures: list[Figure] = _Shown()
    xlsx_cpu: dict[int, float] = {}
    out = BENCH / "data" / "export"
    out.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        db = national(size)
        label = f"{size:,} targets"
        book = out / f"ledger-{size}.xlsx"
        xlsx = run(db, ["export", "--format", "xlsx", "--out", str(book), "--as-of", as_of], timeout=7200)
        dump = plain_dump(db, book, out / f"plain-{size}.xlsx")
        xlsx_cpu[size] = xlsx["cpu"]
        ratio = xlsx["cpu"] / max(dump["cpu"], 1e-9)
        figures += [
            Figure(f"export xlsx, {label}: CPU ({dump['sheets']:,} sheets, {dump['rows']:,} rows)", xlsx["cpu"], "s"),
            Figure(f"export xlsx, {label}: peak RSS", xlsx["peak_mib"], "MiB", "≤ 500 MB",
                   xlsx["peak_mib"] * 1.048576 <= 500),
            Figure(f"plain openpyxl write-only dump of the same cells, {label}: CPU", dump["cpu"], "s"),
            Figure(f"export xlsx / plain dump, {label}", ratio, "×", "≤ 3×", None if quick else ratio <= 3),
        ]
        for fmt in ("csv", "json"):
            done = run(db, ["export", "--format", fmt, "--out", str(out / f"ledger-{size}.{fmt}"), "--as-of", as_of],
                       timeout=7200)
            figures.append(Figure(f"export {fmt}, {label}: CPU / peak RSS MiB", done["cpu"], "s",
                                  f"{done['peak_mib']:.0f} MiB"))
        warned = run(db, ["warnings", "--as-of", as_of], timeout=7200)
        figures.append(Figure(f"warnings (all), {label}: CPU / peak RSS MiB", warned["cpu"], "s",
                              f"{warned['peak_mib']:.0f} MiB"))
        status = run(db, ["status", "--as-of", as_of], timeout=7200)
        figures += [Figure(f"status (all), {label}: CPU / peak RSS MiB", status["cpu"], "s",
                           f"{status['peak_mib']:.0f} MiB"),
                    Figure(f"status (all), {label}: seconds to the first row", first_row_seconds(db, as_of), "s")]
    if 30_000 in xlsx_cpu and 300_000 in xlsx_cpu:
        growth = xlsx_cpu[300_000] / xlsx_cpu[30_000]
        figures.append(Figure("export xlsx CPU, 300,000 / 30,000 targets", growth, "×", "≤ 11× (linear)",
                              growth <= 11))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 30_000, 300_000])
    parser.add_argument("--as-of", default="2025-06-30")
    args = parser.parse_args()
    print(table(measure(tuple(args.sizes), args.as_of)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
