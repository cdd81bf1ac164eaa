"""Plain records of monitoring-data intake: what a department answers for, what a sheet says, what goes in.

Intake validates a reporting sheet against these records only, so it can be tested without a
database; the ledger's repository turns its rows into them and writes the plan back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IntakeTarget:
    """A target as intake needs it: identity, indicator, the unit its observations are kept in, who answers.

    `unit` is the unit observations are stored in: the catalog indicator's canonical unit where the
    indicator is resolved, the target's own unit otherwise. `target_unit` is the unit the target's
    number is written in (`%` for a change "下降15%", whose observations are levels of the indicator).
    `departments` and `lead_departments` are the names the ledger knows the departments by.
    """

    id: str
    indicator: str
    indicator_id: str | None
    unit: str
    kind: str
    comparator: str
    value: float
    target_unit: str
    year: int | None
    deadline: str | None
    jurisdiction: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...] = ()
    doc: str = ""
    reference_year: int | None = None
    superseded: bool = False  # its plan has a newer version: report against the new version's targets
    rejected: bool = False  # a person rejected it in review (docs/review.md): not a target, it takes no values
    series: str = ""  # the key of the series its values go to (ledger/series.py); empty: by indicator and place
    reporting: str | None = None  # a cumulative target's rule: annual (当年新增) or running (累计)

    @property
    def subject(self) -> tuple[str | None, str, str]:
        """What an observation of this target is about: its series (ledger/series.py).

        Without a series (records built by hand): one indicator in one jurisdiction, or the target itself.
        """
        if self.series:
            return (None, "series", self.series)
        if self.indicator_id:
            return (self.jurisdiction, "indicator", self.indicator_id)
        return self.own_subject

    @property
    def own_subject(self) -> tuple[str | None, str, str]:
        """The key of observations filed for this target alone (while its indicator was unresolved)."""
        return (None, "series", f"target:{self.id}") if self.series else (None, "target", self.id)


@dataclass(frozen=True)
class ExistingObservation:
    """An observation already in the ledger, as far as intake compares against it."""

    id: int | str
    jurisdiction: str | None
    indicator_id: str | None
    target_id: str | None
    period: str
    value: float
    unit: str
    value_written: float
    unit_written: str
    source: str
    note: str
    series: str = ""
    period_end: str = ""  # ISO date: the order of a series' periods

    @property
    def subject(self) -> tuple[str | None, str, str]:
        """The same key as `IntakeTarget.subject`, so the two can be matched."""
        if self.series:
            return (None, "series", self.series)
        if self.indicator_id:
            return (self.jurisdiction, "indicator", self.indicator_id)
        return (None, "target", self.target_id or "")


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with one cell (or row, or header) of a sheet: where and why, in Chinese and English."""

    file: str
    row: int
    column: str
    header: str
    reason: str
    reason_en: str

    def __str__(self) -> str:
        where = f"第{self.row}行 row {self.row}"
        if self.column:
            where += f" {self.column}列 {self.header}".rstrip()
        return f"{self.file} {where}: {self.reason} ({self.reason_en})"


@dataclass(frozen=True)
class IntakeObservation:
    """An observation a valid row will write: the value as written and in the indicator's canonical unit.

    `replaces` is the ledger observation it overwrites (only with `replace`), kept so the audit
    row can hold before and after.
    """

    row: int
    target_id: str
    jurisdiction: str | None
    indicator_id: str | None
    period: str
    value: float
    unit: str
    value_written: float
    unit_written: str
    source: str
    note: str
    replaces: ExistingObservation | None = None
    series: str = ""


@dataclass(frozen=True)
class ImportPlan:
    """What a sheet would do to the ledger: observations to write, rows already recorded, and problems.

    A plan with problems must not be applied; `unchanged` are rows identical to what the ledger
    already holds (a re-import of the same file is a no-op); `merged` are rows that report the same
    value as an earlier row for another target on the same indicator and period (one observation
    serves both); `skipped` are template rows left blank. Every row of the sheet is in exactly one.
    """

    file: str
    observations: tuple[IntakeObservation, ...]
    unchanged: tuple[int, ...]
    skipped: tuple[int, ...]
    problems: tuple[RowProblem, ...]
    merged: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.problems
