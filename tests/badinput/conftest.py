"""Fixtures of the bad-input corpus: a demo ledger built once, a private copy per test, and a row it accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from greentrack import services
from greentrack.ledger import repository
from greentrack.ledger.db import open_ledger
from greentrack.ledger.intake import intake_target

from .corpus import Good


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger (seed plans and 示例数据), built once for the corpus."""
    return services.build_demo(tmp_path_factory.mktemp("badinput-demo") / "demo.db").path


@pytest.fixture(scope="session")
def good(demo_template: Path) -> Good:
    """A row the demo ledger accepts: the first current level target on a percentage."""
    ledger = open_ledger(db=demo_template)
    try:
        with ledger.session() as session:
            for record in repository.current_targets(session):
                target = intake_target(record)
                if target.unit == "%" and target.kind == "level" and target.indicator_id:
                    return Good(record.id)
    finally:
        ledger.close()
    raise AssertionError("the demo ledger has no level target on a percentage")


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo ledger for one test."""
    return Path(shutil.copy(demo_template, tmp_path / "demo.db"))
