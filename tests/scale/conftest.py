"""Fixtures for the scale tests: the ledger fixtures of tests/ledger (SQLite, PostgreSQL), a Ray instance,
and the synthetic generator from bench/ (imported from its file: bench/ is not a package)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ledger.conftest import ledger, postgresql_ledger, seed_plans, sqlite_ledger  # noqa: F401

BENCH = Path(__file__).resolve().parents[2] / "bench"
RAY_OBJECT_STORE = 100 * 1024 * 1024  # bytes


@pytest.fixture(scope="session")
def synthetic() -> ModuleType:
    """bench/synthetic.py as a module."""
    spec = importlib.util.spec_from_file_location("greentrack_bench_synthetic", BENCH / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ray_local() -> Iterator[object]:
    """A local Ray instance with two CPUs for the whole session, started once (~7 s) and stopped at its end.

    Skipped when Ray is not installed — unless CI is set, where `pip install -e '.[test]'` brings it.
    """
    try:
        import ray
    except ImportError:
        reason = "Ray is not installed (pip install -e '.[test]'); the Ray engine's tests need it"
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must run them")
        pytest.skip(reason)
    # A small object store: the tasks pass one plan at a time, and CI runners have little /dev/shm.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             object_store_memory=RAY_OBJECT_STORE)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def ray_address(ray_local: Any) -> str:
    """The session's Ray instance as a cluster address: a `greentrack --engine ray` subprocess joins it
    (~3 s) instead of starting a Ray of its own (~12 s)."""
    return str(ray_local.get_runtime_context().gcs_address)


def county_readers(session: Any, role: str, label: str) -> list[Any]:
    """The demo's readers of 金乡县: everyone (None), a county reader of `role`, and the water bureau's reporter."""
    from greentrack.auth import REPORTER, Principal
    from greentrack.ledger import repository

    county = repository.places.find_jurisdiction_code(session, "金乡县")
    water = repository.departments.find_departments(session, "金乡县水务局")[0]
    theirs = frozenset(repository.departments.target_ids_of_departments(session, [water.id]))
    return [None, Principal(label, role, county, "金乡县", places=frozenset({county})),  # type: ignore[arg-type]
            Principal("水务 reporter", REPORTER, county, "金乡县", water.id, water.name, target_ids=theirs)]
