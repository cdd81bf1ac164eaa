"""The 中期评估报告 of a jurisdiction as data: statuses, scores, supervision lists and the analyses' findings.

`build_midterm` is pure: the service layer loads the ledger's records and hands them in, so the same
report can be laid out as Word, HTML or PDF (`layout.py`) and tested without a database. A report
covers the jurisdiction and the places below it, as `greentrack status --jurisdiction` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from greentrack.analyse import (
    Contradiction,
    DecompositionReport,
    JurisdictionScore,
    PlanTarget,
    PlanTask,
    Timeline,
    UndecidedRow,
    check_decomposition,
    find_contradictions,
    score_jurisdictions,
    timeline,
)
from greentrack.ledger.records import DocumentRecord, ReviewProgress
from greentrack.ledger.status import StatusReport, warnings_of
from greentrack.resolve import Jurisdiction
from greentrack.track import Docket, EarlyWarning

DONE = ("achieved", "compliant")  # on time; 逾期完成 (late_achieved) is counted apart
BEHIND = ("lagging", "off_track", "regressing", "overdue", "non_compliant")
UNKNOWN = ("no_data", "no_trend")


@dataclass(frozen=True)
class MidtermReport:
    """Everything the 中期评估报告 of one jurisdiction shows, on one assessment date."""

    place: Jurisdiction
    as_of: date
    plans: tuple[DocumentRecord, ...]
    status: StatusReport
    warnings: tuple[EarlyWarning, ...]
    dockets: tuple[Docket, ...]
    scores: tuple[JurisdictionScore, ...]
    contradictions: tuple[Contradiction, ...]
    decomposition: DecompositionReport
    timeline: Timeline
    review: dict[int, ReviewProgress] = field(default_factory=dict)  # per plan: how far its targets' review is

    @property
    def unreviewed(self) -> int:
        """Targets of the report that are machine output nobody has checked (marked 未审核)."""
        return sum(1 for row in self.status.rows if row.record.review.unreviewed)

    @property
    def illustrative(self) -> bool:
        """True when any figure rests on illustrative values (示例数据)."""
        return self.status.illustrative

    @property
    def own_score(self) -> JurisdictionScore | None:
        """The jurisdiction's own evaluation (None when it states no target itself)."""
        return next((s for s in self.scores if s.code == self.place.code), None)

    def tally(self) -> dict[str, int]:
        """Targets done, on track, behind and without a judgement."""
        counts = self.status.counts()
        return {"done": sum(counts.get(s, 0) for s in DONE), "late": counts.get("late_achieved", 0),
                "on_track": counts.get("on_track", 0),
                "behind": sum(counts.get(s, 0) for s in BEHIND), "unknown": sum(counts.get(s, 0) for s in UNKNOWN)}


def covers(place: Jurisdiction, other: Jurisdiction) -> bool:
    """True when `other` is `place` or lies below it."""
    return other.code == place.code or any(code == place.code for code, _ in other.chain)


def build_midterm(place: Jurisdiction, status: StatusReport, plans: Sequence[DocumentRecord],
                  targets: Sequence[PlanTarget], tasks: Sequence[PlanTask], statuses: dict[str, str],
                  undecided: Sequence[UndecidedRow] = (), review: dict[int, ReviewProgress] | None = None,
                  ) -> MidtermReport:
    """The report of `place` from its status report and the ledger's targets (all places, for decomposition).

    `targets` may hold every place of the ledger: decomposition needs the levels above and below;
    contradictions, scores and the roadmap keep the place and what lies below it.
    """
    mine = [t for t in targets if covers(place, t.jurisdiction)]
    warnings, dockets = warnings_of(status)
    return MidtermReport(
        place=place, as_of=status.as_of, plans=tuple(plans), status=status, warnings=warnings, dockets=dockets,
        scores=tuple(score_jurisdictions(mine, statuses)), contradictions=tuple(find_contradictions(mine)),
        decomposition=decomposition_of(place, targets, undecided),
        timeline=timeline(mine, [t for t in tasks if covers(place, t.plan.jurisdiction)]), review=dict(review or {}))


def decomposition_of(place: Jurisdiction, targets: Sequence[PlanTarget],
                     undecided: Sequence[UndecidedRow]) -> DecompositionReport:
    """The decomposition findings in which the place, or a place below it, is the parent or the child."""
    found = check_decomposition(targets, [row for row in undecided if covers(place, row.plan.jurisdiction)])
    return DecompositionReport(
        weaker=tuple(w for w in found.weaker
                     if covers(place, w.parent.jurisdiction) or covers(place, w.child.jurisdiction)),
        shortfalls=tuple(s for s in found.shortfalls if covers(place, s.parent.jurisdiction)),
        uncovered=tuple(u for u in found.uncovered if covers(place, u.parent.jurisdiction)),
        undecided=found.undecided)
