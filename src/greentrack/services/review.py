"""The review of resolution: targets no catalog indicator fits confidently, and the aliases a person confirms."""

from __future__ import annotations

from pathlib import Path

from greentrack import config
from greentrack.models import Target
from greentrack.pipeline.records import Failure
from greentrack.resolve import ReviewItem, confirm_alias, unresolved
from greentrack.services.documents import expand_paths, extract_plans


def review_queue(paths: list[Path]) -> tuple[list[ReviewItem], list[Failure]]:
    """Targets of the plans that no catalog indicator fits confidently (or whose unit does not fit)."""
    targets: list[Target] = []
    failures: list[Failure] = []
    for item in extract_plans(expand_paths(paths)):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            targets.extend(item.targets)
    return unresolved(targets, config.get("aliases_file")), failures


def confirm_indicator_alias(phrase: str, indicator_id: str) -> dict[str, str]:
    """Remember that `phrase` names `indicator_id`, in the configured aliases file."""
    return confirm_alias(phrase, indicator_id, config.get("aliases_file"))
