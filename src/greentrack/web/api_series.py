"""A target's series of values (share, split, reporting rule) and one value corrected or withdrawn, with a reason.

The same service functions as `greentrack series …` and `greentrack observation …` (services/series.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from greentrack.ledger.series import rule_label
from greentrack.services import series
from greentrack.web import api_records
from greentrack.web.api import LedgerDep
from greentrack.web.auth import Who
from greentrack.web.schemas import ErrorResponse, Model, Observation

router = APIRouter(tags=["series 监测数据序列"])
REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "the user may not change this target or value"},
    404: {"model": ErrorResponse, "description": "no such target or value"},
    409: {"model": ErrorResponse, "description": "the targets cannot share a series, or the value is withdrawn"}}


class ValueChange(Model):
    """One change to a value of the series, from the audit log: who, when, old → new, why."""

    observation_id: int
    at: datetime
    actor: str
    value_before: float | None
    value_after: float | None
    reason: str | None


class SharingTarget(Model):
    """Another target reading the same series."""

    id: int
    indicator: str


class Series(Model):
    """A target's series: its key (chosen by a person or by default), the targets sharing it, the reporting rule
    of a cumulative target (当年新增 · 累计), every value (withdrawn ones too) and the changes to them."""

    target_id: int
    key: str
    chosen: bool
    sharing: list[SharingTarget]
    reporting: str | None = Field(description="annual (当年新增) or running (累计); null for a level target")
    reporting_zh: str
    values: list[Observation]
    changes: list[ValueChange]


Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ShareIn(Model):
    """The targets that will read this target's series."""

    targets: list[Id] = Field(min_length=1, max_length=100)


class SplitIn(Model):
    """Split a target off into a series of its own."""

    copy_values: bool = Field(False, description="copy the shared values into the new series (audited)")


class ReportingIn(Model):
    """How a cumulative target's values are reported."""

    rule: str = Field(description="annual (当年新增), running (累计) or default", examples=["running"])


class CorrectionIn(Model):
    """The right value, as written, and why."""

    value: float
    unit: str | None = Field(None, description="its unit (default: as first written)")
    reason: str = Field(min_length=1, max_length=500)
    target_id: Id | None = Field(None, description="the target it is corrected for (default: any reading it)")


class WithdrawalIn(Model):
    """Why the value is withdrawn."""

    reason: str = Field(min_length=1, max_length=500)
    target_id: Id | None = None


def series_model(view: series.SeriesView) -> Series:
    """The API's view of a target's series."""
    return Series(
        target_id=view.target.id, key=view.key, chosen=view.chosen,
        sharing=[SharingTarget(id=t.id, indicator=t.target.indicator) for t in view.sharing],
        reporting=view.rule, reporting_zh=rule_label(view.rule), values=[api_records.observation(o)
                                                                         for o in view.history],
        changes=[ValueChange(observation_id=int(e.entity_id), at=e.at, actor=e.actor,
                             value_before=(e.before or {}).get("value_written"),
                             value_after=(e.after or {}).get("value_written"),
                             reason=(e.after or {}).get("change_reason")) for e in view.changes])


@router.get("/targets/{target_id}/series", response_model=Series, summary="A target's series of values",
            responses=REFUSED)
def get_series(ledger: LedgerDep, who: Who, target_id: int) -> Series:
    """Its key, the targets sharing it, its reporting rule, every value (withdrawn ones marked) and their changes."""
    return series_model(series.series_of(ledger, target_id, who))


@router.post("/targets/{target_id}/series/share", response_model=Series, summary="Share the series",
             responses=REFUSED)
def share(ledger: LedgerDep, who: Who, target_id: int, body: ShareIn) -> Series:
    """Let other targets (same place, indicator and measure) read this target's series."""
    return series_model(series.share_series(ledger, target_id, body.targets, who))


@router.post("/targets/{target_id}/series/split", response_model=Series, summary="Split the series",
             responses=REFUSED)
def split(ledger: LedgerDep, who: Who, target_id: int, body: SplitIn) -> Series:
    """Give the target a series of its own."""
    return series_model(series.split_series(ledger, target_id, body.copy_values, who))


@router.put("/targets/{target_id}/reporting", response_model=Series, summary="Set the reporting rule",
            responses=REFUSED)
def reporting(ledger: LedgerDep, who: Who, target_id: int, body: ReportingIn) -> Series:
    """当年新增 (annual) or 累计 (running) for a cumulative target; targets sharing its series take it too."""
    return series_model(series.set_reporting(ledger, target_id, body.rule, who))


@router.post("/observations/{observation_id}/correction", response_model=Observation,
             summary="Correct a value", responses=REFUSED)
def correct(ledger: LedgerDep, who: Who, observation_id: int, body: CorrectionIn) -> Observation:
    """The audit log keeps who, when, the value before and after, and the reason."""
    return api_records.observation(series.correct_observation(ledger, observation_id, body.value, body.reason,
                                                              body.unit, body.target_id, who))


@router.post("/observations/{observation_id}/withdrawal", response_model=Observation,
             summary="Withdraw a value", responses=REFUSED)
def withdraw(ledger: LedgerDep, who: Who, observation_id: int, body: WithdrawalIn) -> Observation:
    """No status counts it any more; the series' history and the audit log keep it."""
    return api_records.observation(series.withdraw_observation(ledger, observation_id, body.reason,
                                                               body.target_id, who))
