"""A resolver that remembers how each indicator phrase scored against the catalog.

Resolving one target scores its phrase against every name of every catalog indicator (about 2,000
string comparisons); across a national corpus the same phrases (城市生活污水集中收集率 …) come back
thousands of times. The score of a phrase against an indicator depends on the section and quote only
for the few indicators with a generic alias (营业收入) and for generic phrases. So the memo keeps, per
phrase, the whole row of context-free best candidates (one look-up per target instead of one per
indicator), and per (indicator, phrase) the context-free score of each name, to which the surroundings
are applied afresh every time. The result is the same `Resolution` as `Resolver` gives (tests/scale
compares them on the seeds and a synthetic corpus).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from greentrack.resolve import Candidate, Indicator, Resolver

NameScores = list[tuple[float, str, str, str]]


class MemoResolver(Resolver):
    """`Resolver` with a per-process memo of context-free scores."""

    def __init__(self, catalog: Sequence[Indicator] | None = None, confirmed: Mapping[str, str] | None = None) -> None:
        super().__init__(catalog, confirmed)
        self._rows: dict[str, list[Candidate]] = {}  # phrase → best candidates, contextual indicators excepted
        self._names_memo: dict[tuple[str, str], NameScores] = {}
        # (indicator, phrase, whether the context agrees with each generic name) → best candidate
        self._best_memo: dict[tuple[str, str, tuple[bool, ...]], Candidate] = {}
        # indicators one of whose names is generic: their score may depend on the surroundings
        self._contextual = {ind.id for ind in self.catalog
                            if any(name in self._generic for name, _, _ in self._names[ind.id])}
        self._contextual_at = [i for i, ind in enumerate(self.catalog) if ind.id in self._contextual]

    def _scored(self, text: str, surroundings: str) -> list[Candidate]:
        if text in self._generic:  # a generic phrase: every indicator's score depends on the surroundings
            return [self._candidate(ind, text, surroundings) for ind in self.catalog]
        row = self._rows.get(text)
        if row is None:
            # scored once, without keeping every (indicator, phrase) pair's name scores
            row = self._rows[text] = [self._best(ind.id, Resolver._name_scores(self, ind, text), text, surroundings)
                                      for ind in self.catalog]
        scored = list(row)
        for i in self._contextual_at:
            scored[i] = self._candidate(self.catalog[i], text, surroundings)
        return scored

    def _candidate(self, indicator: Indicator, text: str, surroundings: str) -> Candidate:
        """The best candidate; the surroundings count only through the generic names' context checks."""
        scores = self._name_scores(indicator, text)
        generic_text = text in self._generic
        # a name scoring 0 can never be the best, whatever its context: it is not checked
        agrees = tuple(score > 0 and self._context_agrees(indicator.id, name, surroundings)
                       for score, _, _, name in scores if generic_text or name in self._generic)
        key = (indicator.id, text, agrees)
        found = self._best_memo.get(key)
        if found is None:
            found = self._best_memo[key] = self._best(indicator.id, scores, text, surroundings)
        return found

    def _name_scores(self, indicator: Indicator, text: str) -> NameScores:
        key = (indicator.id, text)
        found = self._names_memo.get(key)
        if found is None:
            found = self._names_memo[key] = super()._name_scores(indicator, text)
        return found


@cache
def memo_resolver(confirmed: tuple[tuple[str, str], ...] = ()) -> MemoResolver:
    """One memo resolver per process and set of confirmed aliases (kept for the life of a worker)."""
    return MemoResolver(confirmed=dict(confirmed))
