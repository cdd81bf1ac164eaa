"""What the prose reader produces and carries along a sentence: a draft target and the sentence's state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from greentrack.extract.numbers import Mention
from greentrack.extract.times import Governing, TimePhrase


@dataclass
class Draft:
    """A target found in a paragraph, with offsets relative to the paragraph."""

    indicator: str
    comparator: str
    value: float
    unit: str
    kind: str
    start: int
    end: int
    year: int | None = None
    deadline: str | None = None
    reference_year: int | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    period_start: int | None = None
    scope: str | None = None
    aspirational: bool = False
    binding: str | None = None
    standard: bool = False
    doubts: list[str] = field(default_factory=list)  # codes of extract/confidence.py
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Sentence:
    """What earlier targets of a sentence leave for the later ones."""

    start: int
    end: int
    hedge: bool = False
    rule: bool = False
    last: Draft | None = None
    value_end: int | None = None
    baseline: tuple[Mention, int | None, int] | None = None
    actions: bool = False
    conditioned: int | None = None  # where a condition picking out projects was read ("2万平方米以上的公共建筑")


class ParagraphView(Protocol):
    """What a clause reader reads of the paragraph reader it serves (extract/targets.ParagraphReader)."""

    text: str
    issue_year: int | None
    times: list[TimePhrase]
    head_time: TimePhrase | None
    inherited: Governing | None
    earlier: dict[str, str]
    last: Draft | None

    def clause_start(self, pos: int, floor: int) -> int: ...

    def clause_end(self, pos: int, ceiling: int) -> int: ...

    def time_for(self, pos: int, sentence: Sentence, inherited: bool = True) -> TimePhrase | None: ...

