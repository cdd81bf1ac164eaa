"""Fixtures of the report tests: one demo ledger per session (the seed plans and 示例数据), assessed on a fixed
date, and the tools a report needs (LibreOffice, pdftotext, a CJK font) — missing ones skip the tests that
need them with the reason, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from greentrack.errors import ReportToolError
from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger

AS_OF = date(2025, 6, 30)
INSTALL = {"libreoffice": "apt-get install libreoffice-writer-nogui", "pdftotext": "apt-get install poppler-utils",
           "pdffonts": "apt-get install poppler-utils"}


def missing(reason: str) -> None:
    """Skip with the reason, or fail under CI, where every tool must be there."""
    if os.environ.get("CI"):
        pytest.fail(reason + " — CI must run the report tests with every tool installed")
    pytest.skip(reason)


def need_program(name: str) -> str:
    """The path of a program the test needs, else skip (fail under CI) saying how to install it."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed ({INSTALL.get(name, 'see docs')})")
    return found or ""


@pytest.fixture(scope="session")
def cjk_font() -> Path:
    """The CJK font the charts are drawn with; skip (fail under CI) without one."""
    from greentrack.reports.fonts import find_cjk_font

    try:
        return find_cjk_font()
    except ReportToolError as exc:
        missing(str(exc))
        raise


@pytest.fixture(scope="session")
def demo_db(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report tests' copy of the session's demo ledger (tests that write use a copy of their own)."""
    return copy_demo_ledger(tmp_path_factory.mktemp("report-demo"))


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Ledger]:
    """The demo ledger, opened."""
    ledger = open_ledger(db=demo_db)
    yield ledger
    ledger.close()


@pytest.fixture
def demo_copy(demo_ledger_copy: Path) -> Iterator[Ledger]:
    """A private copy of the demo ledger, for tests that change it."""
    ledger = open_ledger(db=demo_ledger_copy)
    yield ledger
    ledger.close()
