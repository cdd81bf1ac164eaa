"""A resolver that remembers how each indicator phrase scored against each catalog indicator.

Resolving one target scores its phrase against every name of every catalog indicator (about 2,000
string comparisons); across a national corpus the same phrases (城市生活污水集中收集率 …) come back
thousands of times. The score of a phrase against an indicator depends on the section and quote only
for the few indicators with a generic alias (营业收入) and for generic phrases; those are always
scored afresh, everything else is looked up. The result is the same `Resolution` as `Resolver` gives
(tests/scale compares them on the seeds and a synthetic corpus).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from greentrack.resolve import Candidate, Indicator, Resolver


class MemoResolver(Resolver):
    """`Resolver` with a per-process memo of context-free candidate scores."""

    def __init__(self, catalog: Sequence[Indicator] | None = None, confirmed: Mapping[str, str] | None = None) -> None:
        super().__init__(catalog, confirmed)
        self._memo: dict[tuple[str, str], Candidate] = {}
        # indicators one of whose names is generic: their score may depend on the surroundings
        self._contextual = {ind.id for ind in self.catalog
                            if any(name in self._generic for name, _, _ in self._names[ind.id])}

    def _candidate(self, indicator: Indicator, text: str, surroundings: str) -> Candidate:
        if indicator.id in self._contextual or text in self._generic:
            return super()._candidate(indicator, text, surroundings)
        key = (indicator.id, text)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = super()._candidate(indicator, text, surroundings)
        return found


@cache
def memo_resolver(confirmed: tuple[tuple[str, str], ...] = ()) -> MemoResolver:
    """One memo resolver per process and set of confirmed aliases (kept for the life of a worker)."""
    return MemoResolver(confirmed=dict(confirmed))
