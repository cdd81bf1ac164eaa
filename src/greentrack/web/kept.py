"""Answers made once from a result the services keep: a national ledger's comparison or page of warnings is made
once per ledger mark (`services.warning_list`, `services.analysis`) and handed back, the same object, to the next
reader; its JSON or HTML is then made once too. Keyed by the result itself (held here, so that its id is not
reused) and a variant (the date, the page, the language)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Kept:
    """The answers made from the most recent results, least recently used dropped past `size`."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._held: OrderedDict[tuple[int, Hashable], tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def made(self, source: object, variant: Hashable, make: Callable[[], T]) -> T:
        """What `make()` gives for `source` and `variant`: kept from before when the source is the same object."""
        key = (id(source), variant)
        with self._lock:
            found = self._held.get(key)
            if found is not None and found[0] is source:
                self._held.move_to_end(key)
                return found[1]  # type: ignore[no-any-return]
        value = make()
        with self._lock:
            self._held[key] = (source, value)
            self._held.move_to_end(key)
            while len(self._held) > self._size:
                self._held.popitem(last=False)
        return value
