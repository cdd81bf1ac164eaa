"""Today's target index built when the server starts, so the first list request need not wait for it.

On a national ledger the index takes several seconds to build (docs/scale.md). `greentrack serve` builds
it in a daemon thread once the server is listening: start-up and the first answers are not delayed, and a list
request arriving meanwhile waits for that same build (`scale.index.target_index` shares one build per
ledger and date). Off with `warm_index = 0`, skipped when `target_list = report`; a failure is logged
and the server goes on (the first request then builds the index as it would have).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from greentrack import config
from greentrack.errors import ConfigError
from greentrack.ledger.db import Ledger

if TYPE_CHECKING:
    from greentrack.scale.index import TargetIndex

log = logging.getLogger("uvicorn.error")  # uvicorn's own log: the server's messages go there
LISTEN_WAIT = 60.0  # seconds the warm-up waits for the server to listen before building anyway
OFF, ON = ("0", "false", "no", "off"), ("1", "true", "yes", "on")


def warm_wanted() -> bool:
    """Whether the server should build today's index at start-up (`warm_index`, and the index route in use)."""
    value = str(config.get("warm_index")).strip().lower()
    if value not in OFF + ON:
        raise ConfigError(f"setting warm_index is {value!r} — use 1 or 0")
    return value in ON and str(config.get("target_list")).strip() == "index"


def start_warm_up(ledger: Ledger, listening: Callable[[], bool] | None = None,
                  today: Callable[[], date] = date.today) -> threading.Thread | None:
    """Build today's index of `ledger` in a daemon thread, after `listening()` turns true; None when off."""
    try:
        if not warm_wanted():
            return None
    except ConfigError as exc:
        log.error("index warm-up off: %s", exc)
        return None
    thread = threading.Thread(target=_warm, args=(ledger, listening, today), name="greentrack-warm-index",
                              daemon=True)  # never holds the process open at shutdown
    thread.start()
    return thread


def _warm(ledger: Ledger, listening: Callable[[], bool] | None, today: Callable[[], date]) -> None:
    from greentrack.scale.index import target_index

    waited = time.monotonic() + LISTEN_WAIT
    while listening is not None and not listening() and time.monotonic() < waited:
        time.sleep(0.05)
    started = time.perf_counter()
    try:
        with ledger.session() as session:
            index = target_index(session, ledger.url, today())
    except Exception:  # a warm-up is an optimisation: the first request builds the index instead
        log.exception("index warm-up failed; the first list request will build the index")
        return
    log.info("target index of %s built at start-up: %d targets, %.1f s", index.columns.as_of,
             len(index.columns.ids), time.perf_counter() - started)
    _warm_levels(ledger, index)


def _warm_levels(ledger: Ledger, index: TargetIndex) -> None:
    """Every target's warning level on the index's date (`services.warning_list`), which the overview and the
    warnings read: the targets whose level rests on their trend are assessed here, not in the first request."""
    import numpy as np

    from greentrack.services.warning_list import levels_of

    started = time.perf_counter()
    try:
        with ledger.session() as session:
            levels_of(ledger, index).fill(session, index, np.ones(len(index.columns.ids), bool))
    except Exception:  # an optimisation too: the first overview or warnings request assesses them instead
        log.exception("warning levels warm-up failed; the first overview or warnings request will assess them")
        return
    log.info("warning levels of %s assessed at start-up: %.1f s", index.columns.as_of, time.perf_counter() - started)
