"""`greentrack extract` prints the same bytes on every engine: the records, the errors and the exit code.

The local runs are made once. The Ray runs join the session's Ray instance (`ray_address` in conftest.py)
as a cluster, by `--ray-address` or by Ray's own RAY_ADDRESS; one run starts a Ray of its own, as a user's does.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ENGINES = ["pool", "ray"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, timeout=300,
                          env={**environment, **(env or {})})


@functools.cache
def local(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The local engine's run, once per module for each arguments (the reference every engine must match)."""
    return run(*args)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Path:
    """A folder of two seeds, an empty file and a corrupt docx."""
    folder = tmp_path_factory.mktemp("bad")
    for seed in seed_paths[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"not a zip archive")
    return folder


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> list[str]:
    """The options of the engine under test; for Ray, the session's instance to join."""
    if request.param == "pool":
        return ["--engine", "pool", "--workers", "2"]
    return ["--engine", "ray", "--ray-address", request.getfixturevalue("ray_address")]


def test_targets_and_tasks_are_byte_identical_to_the_local_run(engine: list[str], seed_paths: list[Path]) -> None:
    folder = str(seed_paths[0].parent)
    scaled = run("extract", folder, *engine)
    assert local("extract", folder).returncode == scaled.returncode == 0, scaled.stderr
    assert local("extract", folder).stdout.count(b"\n") >= 100
    assert scaled.stdout == local("extract", folder).stdout
    assert run("extract", folder, "--tasks", *engine).stdout == local("extract", folder, "--tasks").stdout


def test_a_bad_file_is_reported_by_name_and_the_others_go_on(engine: list[str], bad_folder: Path) -> None:
    _assert_same_and_bad_files_named(run("extract", str(bad_folder), *engine), bad_folder)


def test_ray_address_from_the_environment_joins_that_cluster(ray_address: str, bad_folder: Path) -> None:
    scaled = run("extract", str(bad_folder), "--engine", "ray", env={"RAY_ADDRESS": ray_address})
    _assert_same_and_bad_files_named(scaled, bad_folder)


def test_ray_started_here_gives_the_local_output(ray_local: object, seed_paths: list[Path]) -> None:
    """Without an address, `--engine ray` starts (and stops) a local Ray instance of its own."""
    scaled = run("extract", str(seed_paths[0]), "--engine", "ray", "--workers", "1")
    assert local("extract", str(seed_paths[0])).returncode == scaled.returncode == 0, scaled.stderr
    assert scaled.stdout == local("extract", str(seed_paths[0])).stdout and scaled.stdout.count(b"\n") >= 10


def test_an_address_where_nothing_answers_stops_at_once(ray_local: object, seed_paths: list[Path]) -> None:
    """Not after the ~12 minutes ray.init() would keep retrying it."""
    with socket.socket() as probe:  # a port nothing listens on: bound, never listening
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
        failed = run("extract", str(seed_paths[0]), "--engine", "ray", "--ray-address", address)
    assert failed.returncode == 8 and failed.stdout == b""
    assert failed.stderr.decode().startswith(f"Error: cannot start Ray on {address}: nothing answers there (")


def _assert_same_and_bad_files_named(scaled: subprocess.CompletedProcess[bytes], folder: Path) -> None:
    """The engine's run is the local run: output, errors, exit code; the errors name the file and why."""
    reference = local("extract", str(folder))
    assert scaled.returncode == reference.returncode == 2, scaled.stderr
    assert scaled.stdout == reference.stdout and scaled.stdout.count(b"\n") >= 50
    errors = [line for line in scaled.stderr.decode().splitlines() if line.startswith("Error: ")]
    assert errors == [line for line in reference.stderr.decode().splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2  # each names the file as given, and says why
    assert errors[0].startswith(f"Error: cannot read {folder / 'broken.docx'}: not a valid .docx: ")
    assert errors[1] == f"Error: cannot read {folder / 'empty.txt'}: the file is empty (0 bytes)"
