"""A unit of work's time budget and cancellation, checked between pages of rows (`checkpoint`).

The web server gives each heavy request a `Budget` (a deadline, and a flag it sets when the client goes away);
the budget travels with the request's context into the worker thread that runs it, and the loops over a
ledger's rows — the status report, pages of targets, the target index's slices, observations — call
`checkpoint()` between pages. Outside a budget (the CLI, tests) a checkpoint costs one context-variable read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from greentrack.errors import OverTimeBudget, RequestAbandoned


class Budget:
    """A deadline (None: no limit) and a cancellation flag, shared by the request and its worker thread."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        """The client went away: the next checkpoint stops the work."""
        self.cancelled.set()

    def check(self) -> None:
        """RequestAbandoned when cancelled, OverTimeBudget past the deadline."""
        if self.cancelled.is_set():
            raise RequestAbandoned("the client went away — the work for it was stopped")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverTimeBudget(
                f"这个请求超过了 {self.seconds:g} 秒的时间预算 — the request ran past its time budget of "
                f"{self.seconds:g} s and was stopped; narrow it (a jurisdiction, a department) or export the ledger "
                "with `greentrack export` instead")


CURRENT: ContextVar[Budget | None] = ContextVar("greentrack_budget", default=None)


def checkpoint() -> None:
    """Stop here if the current unit of work is cancelled or over its budget (nothing outside a budget)."""
    budget = CURRENT.get()
    if budget is not None:
        budget.check()


@contextmanager
def budgeted(budget: Budget) -> Iterator[Budget]:
    """Run the block under `budget` (checkpoints inside it, and in threads started from its context, see it)."""
    token = CURRENT.set(budget)
    try:
        yield budget
    finally:
        CURRENT.reset(token)
