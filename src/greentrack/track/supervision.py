"""The supervision list (督办清单) per department, built from warnings."""

from __future__ import annotations

from collections.abc import Iterable

from greentrack.track.models import Docket, EarlyWarning


def supervision_list(warnings: Iterable[EarlyWarning]) -> tuple[Docket, ...]:
    """One docket per department answering for a warned target, items by severity then deadline."""
    raise NotImplementedError
