"""The Ray engine: the same jobs the pool runs, as Ray tasks on a cluster or on a Ray instance started here.

Items that know how to ship themselves (`Source.shipped()`) travel with their bytes, so the cluster's
workers need greentrack installed but not the driver's files. A task whose worker dies is retried once
by Ray (`max_retries=1`); if it fails again it comes back as `Lost` and the run goes on.
"""

from __future__ import annotations

import importlib
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from greentrack.errors import EngineError
from greentrack.scale.engines import Engine, Item, Lost, Result, top_up


def import_ray() -> Any:
    """The `ray` module, or EngineError saying how to install it."""
    try:
        return importlib.import_module("ray")
    except ImportError as exc:
        raise EngineError("--engine ray needs Ray, which is not installed — "
                          "pip install 'greentrack[ray]' (or use --engine pool)") from exc


def _call(job: Callable[[Any], Any], item: Any) -> Any:
    return job(item)


def cluster_address(engine: Engine) -> str | None:
    """The cluster to join: `--ray-address`, else Ray's own RAY_ADDRESS variable; None to start Ray here."""
    # ray.init() reads RAY_ADDRESS itself, but then refuses the num_cpus we pass for a local instance.
    return engine.address or os.environ.get("RAY_ADDRESS") or None


def unreachable(address: str, timeout: float = 10.0) -> str | None:
    """Why nothing answers at HOST:PORT (or ray://HOST:PORT), or None; None too for `auto` and the like.

    ray.init() retries an address that does not answer for about twelve minutes; this says so at once.
    """
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not port.isdigit():
        return None  # an address Ray resolves itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return None
    except OSError as exc:
        return f"nothing answers there ({exc.strerror or exc})"


def connect(ray: Any, engine: Engine) -> bool:
    """Join the cluster at `cluster_address`, or start a local Ray instance; True when this call started it."""
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    address = cluster_address(engine)
    if address:
        options["address"] = address
    else:
        options["num_cpus"] = engine.processes
    try:
        if address and (why := unreachable(address)):
            raise ConnectionError(why)
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a local Ray instance"
        raise EngineError(f"cannot start Ray on {where}: {exc} — check --ray-address "
                          "(ray://HOST:10001 for Ray Client, or HOST:6379 on a cluster node)") from exc
    return True


def on_ray(job: Callable[[Item], Result], items: Iterable[Item], engine: Engine,
           window: int) -> Iterator[Result | Lost[Item]]:
    """Run `job` on every item as Ray tasks, yielding results in the items' order."""
    ray = import_ray()
    started = connect(ray, engine)
    task = ray.remote(max_retries=1)(_call)
    pending: deque[tuple[Item, Any]] = deque()
    source = iter(items)

    def submit(item: Item) -> Any:
        shipped = getattr(item, "shipped", None)
        return task.remote(job, shipped() if shipped else item)

    try:
        while True:
            top_up(pending, source, window, submit)
            if not pending:
                return
            item, ref = pending.popleft()
            try:
                yield ray.get(ref)
            except ray.exceptions.RayError as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                yield Lost(item, f"the Ray task failed twice: {reason}")
    finally:
        if started:
            ray.shutdown()
