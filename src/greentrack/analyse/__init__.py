"""analyse: contradictions between plans, decomposition to lower levels, ambition, roadmap and scores.

Pure functions over `PlanTarget` / `PlanTask` records; no storage, no terminal, no web.
"""

from greentrack.analyse.ambition import AmbitionEntry, AmbitionRanking, rank_ambition
from greentrack.analyse.contradictions import Contradiction, find_contradictions
from greentrack.analyse.decomposition import (
    ChildrenShortfall,
    DecompositionReport,
    UncoveredTarget,
    UndecidedRow,
    WeakerChild,
    check_decomposition,
    undecided_rows,
)
from greentrack.analyse.models import (
    PlanInfo,
    PlanTarget,
    PlanTask,
    place_targets,
    plan_info,
    plan_targets,
    plan_tasks,
)
from greentrack.analyse.scoring import (
    DIMENSION_WEIGHTS,
    STATUS_POINTS,
    DimensionScore,
    JurisdictionScore,
    radar_chart,
    score_counts,
    score_jurisdictions,
)
from greentrack.analyse.timeline import Timeline, TimelineRow, timeline

__all__ = [
    "DIMENSION_WEIGHTS", "STATUS_POINTS", "AmbitionEntry", "AmbitionRanking", "ChildrenShortfall", "Contradiction",
    "DecompositionReport", "DimensionScore", "JurisdictionScore", "PlanInfo", "PlanTarget", "PlanTask", "Timeline",
    "TimelineRow", "UncoveredTarget", "UndecidedRow", "WeakerChild", "check_decomposition", "find_contradictions",
    "place_targets", "plan_info", "plan_targets", "plan_tasks", "radar_chart", "rank_ambition", "score_counts",
    "score_jurisdictions", "timeline", "undecided_rows",
]
