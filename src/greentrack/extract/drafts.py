"""What the prose reader produces and carries along a sentence: a draft target and the sentence's state."""

from __future__ import annotations

from dataclasses import dataclass, field

from greentrack.extract.numbers import Mention


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
