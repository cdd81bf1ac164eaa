"""The target index built at start-up (`web.warm`): there without a request, off on demand, harmless if it fails."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.scale import index as index_module
from greentrack.web import create_app
from greentrack.web import warm as warm_module

WAIT = 10.0  # seconds to poll for the background build (the demo ledger's takes well under one)


@pytest.fixture(autouse=True)
def no_indexes() -> Iterator[None]:
    """Each test starts and ends without a kept index (they are per process)."""
    index_module._INDEXES.clear()
    yield
    index_module._INDEXES.clear()


def _built(url: str) -> bool:
    return (url, date.today()) in index_module._INDEXES


def _poll(url: str, seconds: float) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if _built(url):
            return True
        time.sleep(0.05)
    return _built(url)


def test_start_up_builds_todays_index_without_a_request(demo_ledger_copy: Path) -> None:
    app = create_app(demo_ledger_copy, warm_index=True)
    with TestClient(app):
        assert _poll(app.state.ledger.url, WAIT)


def test_start_up_tells_every_targets_warning_level_too(demo_ledger_copy: Path) -> None:
    """After the index, the levels the overview and the warnings read: none left to assess in a request."""
    from greentrack.services import warning_list
    from greentrack.track.warnings import UNKNOWN

    def assessed(url: str) -> bool:
        found = [levels for (held, _, day), levels in list(warning_list._LEVELS.items())
                 if held == url and day == date.today()]
        return bool(found) and not (found[0].level == UNKNOWN).any()

    warning_list._LEVELS.clear()
    app = create_app(demo_ledger_copy, warm_index=True)
    with TestClient(app):
        until = time.monotonic() + WAIT
        while time.monotonic() < until and not assessed(app.state.ledger.url):
            time.sleep(0.05)
        assert assessed(app.state.ledger.url)


@pytest.mark.parametrize(("name", "value"), [("GREENTRACK_WARM_INDEX", "0"), ("GREENTRACK_TARGET_LIST", "report")])
def test_no_warm_up_when_off_or_on_the_report_route(demo_ledger_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                    name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    app = create_app(demo_ledger_copy, warm_index=True)
    with TestClient(app):
        assert not _poll(app.state.ledger.url, 1.0)


def test_apps_without_warm_index_build_nothing(demo_ledger_copy: Path) -> None:
    app = create_app(demo_ledger_copy)  # the default: tests and embedders build on the first request
    with TestClient(app):
        assert not _poll(app.state.ledger.url, 1.0)


def test_a_failed_warm_up_is_logged_and_the_server_answers(demo_ledger_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    real = index_module.status_columns
    failures: list[str] = []

    def failing(*args: object, **kwargs: object) -> object:
        if not failures:  # the warm-up's build fails; the request's own build then succeeds
            failures.append("warm-up")
            raise RuntimeError("the build broke")
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "status_columns", failing)
    # a logger of its own: a live server's logging config (other tests) may have silenced uvicorn's to caplog
    monkeypatch.setattr(warm_module, "log", logging.getLogger("greentrack.tests.warm"))
    app = create_app(demo_ledger_copy, warm_index=True)
    with TestClient(app) as client:
        until = time.monotonic() + WAIT
        while "index warm-up failed" not in caplog.text and time.monotonic() < until:
            time.sleep(0.05)
        assert "index warm-up failed" in caplog.text and "the build broke" in caplog.text
        assert not _built(app.state.ledger.url)
        assert client.get("/api/v1/openapi.json").status_code == 200
        listed = signed_in(client, demo_ledger_copy).get("/api/v1/targets")
        assert listed.status_code == 200 and listed.json()["total"] > 0
        assert _built(app.state.ledger.url)
