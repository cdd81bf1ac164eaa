"""Every engine yields one result per item, in the items' order; a worker that dies loses only its own item."""

from __future__ import annotations

import sys

import pytest

from greentrack.errors import EngineError, UsageError
from greentrack.scale import Engine, Lost, run_all

from . import jobs


@pytest.mark.parametrize("engine", [Engine("local"), Engine("pool", workers=2)], ids=["local", "pool"])
def test_results_come_in_the_items_order(engine: Engine) -> None:
    assert list(run_all(jobs.square, range(40), engine, window=3)) == [n * n for n in range(40)]


def test_a_worker_that_dies_loses_its_item_alone_on_the_pool() -> None:
    results = list(run_all(jobs.square_or_die, range(8), Engine("pool", workers=2)))
    assert [r for r in results if not isinstance(r, Lost)] == [n * n for n in range(8) if n != 3]
    lost = results[3]
    assert isinstance(lost, Lost) and lost.item == 3 and "died" in lost.reason


def test_ray_runs_in_order_and_reports_a_lost_item(ray_local: object) -> None:
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(jobs)  # Ray's workers do not have tests/ on their path
    try:
        assert list(run_all(jobs.square, range(20), Engine("ray"), window=4)) == [n * n for n in range(20)]
        results = list(run_all(jobs.square_or_die, range(6), Engine("ray")))
    finally:
        cloudpickle.unregister_pickle_by_value(jobs)
    assert [r for r in results if not isinstance(r, Lost)] == [n * n for n in range(6) if n != 3]
    assert isinstance(results[3], Lost) and results[3].item == 3 and "failed twice" in results[3].reason


@pytest.mark.parametrize(("arguments", "message"), [
    ({"name": "spark"}, "unknown engine 'spark' — use one of local, pool, ray"),
    ({"name": "pool", "workers": 0}, "--workers must be at least 1 (got 0)"),
    ({"name": "local", "workers": 2}, "--workers needs --engine pool or --engine ray"),
    ({"name": "pool", "address": "ray://head:10001"}, "--ray-address needs --engine ray"),
])
def test_engine_arguments_that_do_not_fit_are_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as raised:
        Engine(**arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_without_ray_the_ray_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what an environment without Ray looks like to import
    with pytest.raises(EngineError) as raised:
        list(run_all(jobs.square, range(3), Engine("ray")))
    assert str(raised.value) == ("--engine ray needs Ray, which is not installed — "
                                 "pip install 'greentrack[ray]' (or use --engine pool)")
