"""A small least-recently-used map, safe across the server's threads: what the services keep per ledger mark
(warning levels' pages, the ledger page's filter choices)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class KeptMap(Generic[V]):
    """The values of the most recent keys; the least recently used dropped past `size`."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._held: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._held[key] = value
            self._held.move_to_end(key)
            while len(self._held) > self._size:
                self._held.popitem(last=False)
        return value
