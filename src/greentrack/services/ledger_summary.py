"""The whole-ledger summary for administrators (`greentrack report --all`): the ledger's highest places, each with
the score of every target at or below it, its targets by status and its open 督办 items, ranked.

Bounded at national size: the counts come from the target index's columns (numpy bincounts over places ×
dimensions × statuses, the statuses computed in bulk once per ledger mark and date), the 督办 items from one list;
no place's 中期评估报告 is built and no target is read one by one.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack.services.scope import acting

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.reports.blocks import ReportDocument
    from greentrack.reports.summary import LedgerSummary

SUMMARY_FORMATS = ("docx", "pdf", "html")


def ledger_summary(ledger: Ledger, as_of: date | None = None, who: Principal | None = None) -> LedgerSummary:
    """The summary's figures on `as_of` (today by default); administrators only (Forbidden for any other role)."""
    import numpy as np

    from greentrack.analyse import score_counts
    from greentrack.reports.summary import LedgerSummary, PlaceSummary
    from greentrack.services.supervision_items import list_items
    from greentrack.services.target_query import TargetFilter, scoped_index
    from greentrack.track import STATUSES

    reader = acting(ledger, who)
    _require_administrator(reader)
    day = as_of or date.today()
    with scoped_index(ledger, day, TargetFilter(), reader) as scoped:
        index, keep = scoped.index, scoped.matching()
    c = index.columns
    dimensions = sorted({d for d in index.dimensions if d is not None})
    dimension_of = np.array([dimensions.index(d) if d is not None else len(dimensions) for d in index.dimensions]
                            + [len(dimensions)], dtype=np.int64)  # the last: off the catalog (unclassified)
    width, depth = len(STATUSES), len(dimensions) + 1
    cells = (index.jurisdiction[keep] * depth + dimension_of[index.indicator_id[keep]]) * width + c.status[keep]
    counted = np.bincount(cells, minlength=len(index.places) * depth * width).reshape(len(index.places), depth, width)
    holding = {code: counted[n] for n, code in enumerate(index.places) if code is not None and counted[n].any()}
    groups = _regions(set(holding), index.parents)
    items = Counter(item.jurisdiction_code for item in list_items(ledger, as_of=day, who=reader)
                    if item.state != "closed")
    places = []
    for region, members in sorted(groups.items()):
        total = sum(holding[code] for code in members)
        by_dimension = {d: {STATUSES[s]: int(total[n, s]) for s in range(width) if total[n, s]}
                        for n, d in enumerate(dimensions) if total[n].any()}
        score = score_counts(region, index.place_names.get(region, region), by_dimension, int(total[-1].sum()))
        counts = {STATUSES[s]: int(total[:, s].sum()) for s in range(width) if total[:, s].any()}
        below = _below(region, index.children)
        places.append(PlaceSummary(score, counts, sum(n for code, n in items.items() if code in below), len(members)))
    return LedgerSummary(day, tuple(places), bool(c.illustrative[keep].any()))


def _require_administrator(reader: Principal) -> None:
    from greentrack.auth import ADMINISTRATOR
    from greentrack.errors import Forbidden

    if reader.role != ADMINISTRATOR:
        raise Forbidden(f"{reader.name}（{reader.label}）无权查看全台账汇总 — the whole-ledger summary is for "
                        "administrators; a coordinator or viewer writes the report of its place "
                        "(greentrack report --jurisdiction …)")


def _regions(codes: set[str], parents: dict[str, str | None]) -> dict[str, set[str]]:
    """The places holding targets grouped under the ledger's highest places; when all fall under one, the level
    below it instead (a ledger of one province is summarised by its cities)."""
    def chain(code: str) -> list[str]:  # the code and its stored ancestors, highest first
        found = [code]
        while (parent := parents.get(found[-1])) is not None and parent in parents and parent not in found:
            found.append(parent)
        return found[::-1]

    chains = {code: chain(code) for code in codes}
    depth = 0
    while True:
        groups: dict[str, set[str]] = {}
        for code, line in chains.items():
            groups.setdefault(line[min(depth, len(line) - 1)], set()).add(code)
        if len(groups) != 1 or all(len(line) <= depth + 1 for line in chains.values()):
            return groups
        (only,) = groups
        if only in codes:  # the one region holds targets itself: it is the summary's place
            return groups
        depth += 1


def _below(code: str, children: dict[str | None, list[str]]) -> set[str]:
    found, todo = set(), [code]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


def ledger_summary_report(ledger: Ledger, as_of: date | None = None, who: Principal | None = None,
                          lang: str = "zh") -> ReportDocument:
    """The whole-ledger summary as a report document (blocks) for the Word and HTML renderers."""
    from greentrack.reports.summary import summary_layout

    return summary_layout(ledger_summary(ledger, as_of, who), lang)


def summary_bytes(ledger: Ledger, fmt: str, lang: str = "zh", as_of: date | None = None,
                  who: Principal | None = None) -> bytes:
    """The whole-ledger summary as docx, pdf (LibreOffice from the docx) or html bytes."""
    from greentrack.errors import UsageError
    from greentrack.reports.labels import check_lang

    if fmt not in SUMMARY_FORMATS:
        raise UsageError(f"unknown summary format {fmt!r} — use one of {', '.join(SUMMARY_FORMATS)}")
    check_lang(lang)
    if fmt == "pdf":
        from greentrack.reports.pdf import find_libreoffice

        _require_administrator(acting(ledger, who))  # refused before LibreOffice is looked for
        find_libreoffice()
    document = ledger_summary_report(ledger, as_of, who, lang)
    if fmt == "html":
        from greentrack.reports.html import render_html

        return render_html(document).encode("utf-8")
    from greentrack.reports.pdf import docx_to_pdf
    from greentrack.reports.word import render_docx

    docx = render_docx(document)
    return docx_to_pdf(docx, "summary") if fmt == "pdf" else docx


def write_summary(ledger: Ledger, fmt: str, out: Path, lang: str = "zh", as_of: date | None = None,
                  who: Principal | None = None) -> Path:
    """Write the whole-ledger summary to `out`."""
    from greentrack.services.files import write_file

    return write_file(out, summary_bytes(ledger, fmt, lang, as_of, who))
