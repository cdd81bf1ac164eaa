"""Tables rebuilt from text (placeholder)."""

from __future__ import annotations

from greentrack.models import Table
from greentrack.outline.lines import Line


def find_tables(lines: list[Line], body_start: int) -> tuple[Table, ...]:
    """Indicator tables found in the body."""
    return ()
