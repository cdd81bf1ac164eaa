"""Track: progress of each target against its observations, status, forecast, warnings, supervision list.

Pure functions over frozen dataclasses; `as_of` is always a parameter. The method is in
`docs/methodology.md`.
"""

from greentrack.track.batch import AssessmentBatch
from greentrack.track.bulk import assess_many, assess_table
from greentrack.track.models import (
    COMPLETION_LABEL,
    DONE_STATUSES,
    KINDS,
    PACE_LABEL,
    SEVERITIES,
    SEVERITY_LABELS,
    STATUS_LABELS,
    STATUSES,
    Assessment,
    Docket,
    DocketItem,
    EarlyWarning,
    Observation,
    TrackedTarget,
)
from greentrack.track.progress import assess
from greentrack.track.supervision import supervision_list
from greentrack.track.tables import ObservationTable, TargetTable
from greentrack.track.warnings import early_warnings, warn

__all__ = [
    "COMPLETION_LABEL",
    "DONE_STATUSES",
    "KINDS",
    "PACE_LABEL",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "Assessment",
    "AssessmentBatch",
    "Docket",
    "DocketItem",
    "EarlyWarning",
    "Observation",
    "ObservationTable",
    "TargetTable",
    "TrackedTarget",
    "assess",
    "assess_many",
    "assess_table",
    "early_warnings",
    "supervision_list",
    "warn",
]
