"""Fixtures of the resolve tests: the gold targets as records, with their hand-labelled catalog ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greentrack.models import Target

HERE = Path(__file__).parent
GOLD = HERE.parent / "fixtures" / "gold"
LABELS = HERE / "gold_catalog_ids.jsonl"


def gold_records() -> list[dict]:
    return [json.loads(line) for path in sorted(GOLD.glob("*.jsonl")) for line in path.read_text("utf-8").splitlines()
            if line.strip()]


def as_target(record: dict, number: int) -> Target:
    return Target(id=f"gold-{number}", doc=record["doc"], indicator=record["indicator"],
                  comparator=record["comparator"], value=record["value"], unit=record["unit"], year=record["year"],
                  deadline=record["deadline"], kind=record["kind"], reference_year=record["reference_year"],
                  baseline_value=record["baseline_value"], baseline_year=record["baseline_year"],
                  scope=record["scope"], aspirational=record["aspirational"], binding=record["binding"],
                  departments=tuple(record["departments"]), lead_departments=tuple(record["lead_departments"]),
                  section=tuple(record["section"]), quote=record["quote"], start=0, end=0)


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return gold_records()


@pytest.fixture(scope="session")
def gold_targets(gold: list[dict]) -> list[Target]:
    return [as_target(record, number) for number, record in enumerate(gold)]


@pytest.fixture(scope="session")
def labels() -> dict[tuple[str, str, float], str | None]:
    rows = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]
    return {(row["doc"], row["quote"], float(row["value"])): row["catalog_id"] for row in rows}
