"""Fixtures of the analysis tests: the seed plans run through the real pipeline into PlanTargets."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.analyse import PlanTarget, PlanTask, plan_targets, plan_tasks
from greentrack.pipeline.records import ExtractedPlan
from greentrack.pipeline.steps import extract_plan


@pytest.fixture(scope="session")
def seed_plans(seed_paths: list[Path]) -> dict[str, ExtractedPlan]:
    """Every seed read, outlined and extracted (tasks too), by its three-digit prefix."""
    return {path.name[:3]: extract_plan(path, with_tasks=True) for path in seed_paths}


@pytest.fixture(scope="session")
def seed_targets(seed_plans: dict[str, ExtractedPlan]) -> dict[str, list[PlanTarget]]:
    """The targets of each seed, resolved and placed in the plan's jurisdiction."""
    return {key: plan_targets(p.document, p.outline, p.targets) for key, p in seed_plans.items()}


@pytest.fixture(scope="session")
def seed_tasks(seed_plans: dict[str, ExtractedPlan]) -> dict[str, list[PlanTask]]:
    """The tasks of each seed, placed in the plan's jurisdiction."""
    return {key: plan_tasks(p.document, p.outline, p.tasks) for key, p in seed_plans.items()}


@pytest.fixture(scope="session")
def jinxiang(seed_targets: dict[str, list[PlanTarget]]) -> list[PlanTarget]:
    """The targets of 金乡县's two plans: the 2023 实施方案 (000) and the 2024 十四五 规划 (001)."""
    return seed_targets["000"] + seed_targets["001"]
