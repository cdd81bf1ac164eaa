"""A 城市体检-style evaluation: each jurisdiction scored 0–100 per dimension from the statuses of its targets.

The formula and the weights are written out in docs/methodology.md ("Evaluation scores"); keep the
two in step. Every jurisdiction is scored with the same weights, so scores compare across places;
coverage says how much of the score rests on data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from greentrack.analyse.models import PlanTarget
from greentrack.errors import AnalysisError
from greentrack.resolve.catalog import DIMENSIONS
from greentrack.track.models import STATUS_LABELS

# Points per status: the middle of the status's band of the progress ratio R (DESIGN.md), in percent and
# rounded to 5 — lagging 0.60–0.95 → 80, off track 0–0.60 → 30; on track is R ≥ 0.95 without having
# arrived, so its floor (95); reached after the deadline (逾期完成) is delivered, late: a lagging pace (80);
# a target past its deadline and not achieved, or going backwards, earns nothing.
STATUS_POINTS: dict[str, float] = {
    "achieved": 100.0, "compliant": 100.0, "late_achieved": 80.0, "on_track": 95.0, "lagging": 80.0, "off_track": 30.0,
    "regressing": 0.0, "overdue": 0.0, "non_compliant": 0.0,
}
# statuses that carry no score: no observation at all, or a single one (no trend to judge by)
UNSCORED = ("no_data", "no_trend")
STATUSES = (*STATUS_POINTS, *UNSCORED)
STATUS_ZH = {status: labels[0] for status, labels in STATUS_LABELS.items()}
# every dimension of the catalog counts the same unless the caller weighs them otherwise
DIMENSION_WEIGHTS: dict[str, float] = dict.fromkeys(DIMENSIONS, 1.0)


@dataclass(frozen=True)
class DimensionScore:
    """One dimension of one jurisdiction: the score (None when nothing is scored) and what it rests on."""

    dimension: str
    dimension_en: str
    score: float | None
    targets: int
    with_data: int
    scored: int
    statuses: tuple[tuple[str, int], ...]
    mean: float | None = None  # the score unrounded: what the overall weighs (None: take `score`)

    @property
    def coverage(self) -> float:
        """Share of the dimension's targets that have data (every status but no_data)."""
        return self.with_data / self.targets if self.targets else 0.0


@dataclass(frozen=True)
class JurisdictionScore:
    """A jurisdiction's evaluation: the overall score, each dimension's, coverage, and targets off the catalog."""

    code: str
    name: str
    overall: float | None
    targets: int
    with_data: int
    unclassified: int
    dimensions: tuple[DimensionScore, ...]

    @property
    def coverage(self) -> float:
        """Share of the jurisdiction's classified targets that have data."""
        return self.with_data / self.targets if self.targets else 0.0


def normalise_status(status: str, target_id: str = "") -> str:
    """The status in the track stage's spelling (`On track` → `on_track`); an unknown one is an AnalysisError."""
    key = status.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in STATUSES:
        where = f" for target {target_id}" if target_id else ""
        raise AnalysisError(f"unknown status '{status}'{where} — use one of {', '.join(STATUSES)}")
    return key


def score_jurisdictions(targets: Sequence[PlanTarget], statuses: Mapping[str, str],
                        dimension_weights: Mapping[str, float] | None = None) -> list[JurisdictionScore]:
    """Scores per jurisdiction (in code order); a target missing from `statuses` counts as no_data."""
    weights = _checked_weights(dimension_weights)
    by_place: dict[str, list[PlanTarget]] = defaultdict(list)
    for item in targets:
        by_place[item.jurisdiction.code].append(item)
    return [_score_place(items, statuses, weights) for _, items in sorted(by_place.items())]


def _checked_weights(given: Mapping[str, float] | None) -> dict[str, float]:
    weights = dict(DIMENSION_WEIGHTS)
    for dimension, weight in (given or {}).items():
        if dimension not in DIMENSIONS:
            raise AnalysisError(f"unknown dimension '{dimension}' in the weights — use one of {', '.join(DIMENSIONS)}")
        if not weight >= 0:
            raise AnalysisError(f"weight of dimension '{dimension}' is {weight} — weights must be 0 or more")
        weights[dimension] = float(weight)
    if not any(weights.values()):
        raise AnalysisError("every dimension weight is 0 — give at least one dimension a positive weight")
    return weights


def _score_place(items: list[PlanTarget], statuses: Mapping[str, str],
                 weights: Mapping[str, float]) -> JurisdictionScore:
    by_dimension: dict[str, Counter[str]] = defaultdict(Counter)
    unclassified = 0
    for item in items:
        status = normalise_status(statuses.get(item.id, "no_data"), item.id)
        if item.dimension is None:
            unclassified += 1
        else:
            by_dimension[item.dimension][status] += 1
    place = items[0].jurisdiction
    return _scored(place.code, place.name, by_dimension, unclassified, weights)


def score_counts(code: str, name: str, counts: Mapping[str, Mapping[str, int]], unclassified: int = 0,
                 dimension_weights: Mapping[str, float] | None = None) -> JurisdictionScore:
    """The score of a place from its targets counted per dimension and status (dimension → status → count): what
    `score_jurisdictions` gives for those targets, for callers that count in bulk (the whole-ledger summary)."""
    weights = _checked_weights(dimension_weights)
    checked = {d: Counter({normalise_status(s): n for s, n in by_status.items() if n}) for d, by_status in
               counts.items()}
    unknown = [d for d in checked if d not in DIMENSIONS]
    if unknown:
        raise AnalysisError(f"unknown dimension '{unknown[0]}' in the counts — use one of {', '.join(DIMENSIONS)}")
    return _scored(code, name, checked, unclassified, weights)


def _scored(code: str, name: str, by_dimension: Mapping[str, Counter[str]], unclassified: int,
            weights: Mapping[str, float]) -> JurisdictionScore:
    dimensions = tuple(_dimension_score(d, by_dimension[d]) for d in DIMENSIONS if by_dimension.get(d))
    return JurisdictionScore(
        code=code, name=name, overall=_overall(dimensions, weights),
        targets=sum(d.targets for d in dimensions), with_data=sum(d.with_data for d in dimensions),
        unclassified=unclassified, dimensions=dimensions)


def _dimension_score(dimension: str, counts: Counter[str]) -> DimensionScore:
    scored = sum(n for s, n in counts.items() if s in STATUS_POINTS)
    mean = sum(STATUS_POINTS[s] * n for s, n in counts.items() if s in STATUS_POINTS) / scored if scored else None
    return DimensionScore(
        dimension=dimension, dimension_en=DIMENSIONS[dimension],
        score=None if mean is None else round(mean, 1), targets=sum(counts.values()),
        with_data=sum(n for s, n in counts.items() if s != "no_data"), scored=scored,
        statuses=tuple((s, counts[s]) for s in STATUSES if counts[s]), mean=mean)


def _overall(dimensions: tuple[DimensionScore, ...], weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the dimensions that have a score (None when none has, or their weights are 0), from
    their unrounded means: rounding each dimension first would shift the overall by up to 0.05 (docs/methodology.md)
    — only the result is rounded, for display."""
    pairs = [(weights[d.dimension], d.score if d.mean is None else d.mean) for d in dimensions if d.score is not None]
    total = sum(w for w, _ in pairs)
    return round(sum(w * s for w, s in pairs) / total, 1) if total else None


def radar_chart(scores: Sequence[JurisdictionScore]) -> dict[str, Any]:
    """ECharts radar data: the dimensions any jurisdiction is scored on (max 100) and one series per place."""
    present = [d for d in DIMENSIONS if any(s.dimension == d and s.score is not None
                                            for place in scores for s in place.dimensions)]
    series = []
    for place in scores:
        values = {s.dimension: s.score for s in place.dimensions}
        series.append({"name": place.name, "value": [values.get(d) for d in present]})
    return {"indicator": [{"name": d, "max": 100} for d in present], "series": series}
