"""Fixtures of the bad-input corpus: a demo ledger built once, a private copy per test, and a row it accepts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from greentrack.ledger import repository
from greentrack.ledger.db import open_ledger
from greentrack.ledger.intake import intake_target

from .corpus import Good


@pytest.fixture(scope="session")
def demo_template(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's copy of the session's demo ledger (seed plans and 示例数据)."""
    return copy_demo_ledger(tmp_path_factory.mktemp("badinput-demo"))


@pytest.fixture(scope="session")
def good(demo_template: Path) -> Good:
    """A row the demo ledger accepts: the first current level target on a percentage."""
    ledger = open_ledger(db=demo_template)
    try:
        with ledger.session() as session:
            for record in repository.documents.current_targets(session):
                target = intake_target(record)
                if target.unit == "%" and target.kind == "level" and target.indicator_id:
                    return Good(record.id)
    finally:
        ledger.close()
    raise AssertionError("the demo ledger has no level target on a percentage")


@pytest.fixture
def demo_db(demo_ledger_copy: Path) -> Path:
    """A private copy of the demo ledger for one test."""
    return demo_ledger_copy
