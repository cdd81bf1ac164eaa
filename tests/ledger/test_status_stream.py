"""Past STREAM_AFTER rows, `status` and `warnings` print each page as soon as it is read: the first rows are out
before the second page is read, every row comes in ledger order, and the warnings and supervision lists hold
what the whole report gives."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from rich.console import Console

from greentrack.cli import ledger as cli_ledger
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import load_observations
from greentrack.services import ledger as services_ledger
from greentrack.services.status import ledger_status, ledger_warnings

from .conftest import store_plans

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def demo(sqlite_ledger: Ledger, seed_plans: tuple, monkeypatch: pytest.MonkeyPatch) -> Ledger:
    store_plans(sqlite_ledger, seed_plans)
    with sqlite_ledger.session("test") as session:
        load_observations(session)
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    monkeypatch.setattr(services_ledger, "open_ledger", lambda: sqlite_ledger)  # the commands import it when run
    monkeypatch.setattr(cli_ledger, "STREAM_AFTER", 10)
    monkeypatch.setattr(cli_ledger, "STATUS_PAGE", 20)
    return sqlite_ledger


def _watched(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], io.StringIO]:
    """Events in order ("read" a page, "print"), and what was printed."""
    events: list[str] = []
    sink = io.StringIO()
    console = Console(file=sink, width=400, highlight=False, soft_wrap=True, color_system=None)

    class Watched:
        def print(self, *args: object, **kwargs: object) -> None:
            events.append("print")
            console.print(*args, **kwargs)  # type: ignore[arg-type]

        def __getattr__(self, name: str) -> object:
            return getattr(console, name)

    from greentrack.services import status as status_service

    original = status_service.target_rows

    def read(ledger: Ledger, ids: list[int], as_of: dt.date) -> object:
        events.append("read")
        return original(ledger, ids, as_of)

    monkeypatch.setattr(cli_ledger, "out", Watched())
    monkeypatch.setattr(status_service, "target_rows", read)
    return events, sink


def test_status_prints_its_first_rows_before_reading_the_second_page(demo: Ledger,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    events, sink = _watched(monkeypatch)
    cli_ledger.status_command(as_of="2025-06-30")
    assert events[:3] == ["read", "print", "read"]
    assert events.count("read") == 7  # 124 targets, 20 a page
    printed = [int(m) for m in re.findall(r"^│ (\d+) ", sink.getvalue(), flags=re.MULTILINE)]
    assert printed == [row.record.id for row in ledger_status(demo, AS_OF).rows]
    assert "124 目标 targets" in sink.getvalue()


def test_warnings_print_page_by_page_and_hold_the_reports_warnings(demo: Ledger,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    events, sink = _watched(monkeypatch)
    cli_ledger.warnings_command(as_of="2025-06-30")
    text = sink.getvalue()
    assert events.index("print") < events.index("read", events.index("read") + 1)  # printed before page 2
    _, warnings, dockets = ledger_warnings(demo, AS_OF)
    shown = re.findall(r"^│ \S+\s+│ (\d+)\s+│", text, flags=re.MULTILINE)
    assert sorted(shown, key=int) == sorted((w.target_id for w in warnings), key=int)
    for warning in warnings:
        assert warning.message[:20] in text
    assert f"预警 warnings: {len(warnings)} / 124" in text
    for docket in dockets:  # the same supervision lists, items in the same order
        heading = f"督办清单 supervision list · {docket.department} ({len(docket.items)},"
        assert heading in text
        after = text.split(heading, 1)[1]
        ids = re.findall(r"#(\d+) ", after)[:len(docket.items)]
        assert ids == [item.warning.target_id for item in docket.items]
