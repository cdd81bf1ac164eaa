"""Fixtures for the scale tests: the ledger fixtures of tests/ledger (SQLite, PostgreSQL), a Ray instance,
and the synthetic generator from bench/ (imported from its file: bench/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from ledger.conftest import ledger, pg_server, postgresql_ledger, seed_plans, sqlite_ledger  # noqa: F401

BENCH = Path(__file__).resolve().parents[2] / "bench"


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
    """A local Ray instance with two CPUs for the whole session (skipped when Ray is not installed)."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'greentrack[ray]'); "
                                            "the Ray engine's tests need it")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()
