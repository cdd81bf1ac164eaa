"""The supervision loop in one summary (docs/supervision.md), for the overview and the 中期评估报告: each open
reporting cycle with how many departments stand in each state, the tasks by state, and the 督办 items by state with
how many are overdue or escalated — all narrowed to what the reader may see, for a place and those below it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from greentrack.services.scope import acting

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.supervision_records import SupervisionItem
    from greentrack.services.cycles import CycleStatus
    from greentrack.services.task_progress import TaskList


@dataclass(frozen=True)
class LoopFacts:
    """What the loop holds for a place on `as_of`, read once: the open cycles' status, the tasks and the 督办 items
    the reader may see. The overview's card (`follow_up`) and the report (services/report_loop.py) both count it."""

    as_of: date
    cycles: tuple[CycleStatus, ...]
    tasks: TaskList
    items: tuple[SupervisionItem, ...]

    def task_counts(self) -> dict[str, int]:
        """Tasks per state, every state named."""
        from greentrack.services.task_progress import STATES

        return {state: self.tasks.counts.get(state, 0) for state in STATES}

    def item_counts(self) -> dict[str, int]:
        """督办 items per state, every state named."""
        from greentrack.ledger.supervision_records import ITEM_STATES

        counted = Counter(item.state for item in self.items)
        return {state: counted.get(state, 0) for state in ITEM_STATES}


@dataclass(frozen=True)
class FollowUp:
    """Where the loop stands on `as_of`: the open cycles' status, task and item counts per state."""

    as_of: date
    cycles: tuple[CycleStatus, ...]
    tasks: dict[str, int]  # not_started · in_progress · done · overdue
    items: dict[str, int]  # open · answered · returned · closed · escalated
    items_late: int  # open items past their answer deadline, or escalated

    @property
    def open_items(self) -> int:
        """Items not closed yet."""
        return sum(count for state, count in self.items.items() if state != "closed")


def loop_facts(ledger: Ledger, jurisdiction: str | None = None, as_of: date | None = None,
               who: Principal | None = None) -> LoopFacts:
    """The loop of a place (and the places below it), or of everything the reader sees, on `as_of`."""
    from greentrack.services import cycles
    from greentrack.services.supervision_items import list_items
    from greentrack.services.task_progress import list_tasks

    reader = acting(ledger, who)
    day = as_of or date.today()
    open_cycles = cycles.list_cycles(ledger, jurisdiction, open_only=True, who=reader)
    statuses = tuple(cycles.cycle_status(ledger, cycle.id, day, reader) for cycle in open_cycles)
    tasks = list_tasks(ledger, jurisdiction, None, None, day, reader)
    items = tuple(list_items(ledger, place=jurisdiction, as_of=day, who=reader))
    return LoopFacts(day, statuses, tasks, items)


def follow_up(ledger: Ledger, jurisdiction: str | None = None, as_of: date | None = None,
              who: Principal | None = None) -> FollowUp:
    """The loop's summary of a place (and the places below it), or of everything the reader sees."""
    facts = loop_facts(ledger, jurisdiction, as_of, who)
    late = sum(1 for item in facts.items if item.state == "escalated" or item.overdue(facts.as_of))
    return FollowUp(facts.as_of, facts.cycles, facts.task_counts(), facts.item_counts(), late)
