"""`greentrack extract` prints the same bytes on every engine: the records, the errors and the exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ENGINES = [[], ["--engine", "pool", "--workers", "2"], ["--engine", "ray", "--workers", "2"]]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, timeout=300)


def _needs_ray(engine: list[str]) -> None:
    if "ray" in engine:
        pytest.importorskip("ray", reason="Ray is not installed (pip install 'greentrack[ray]')")


@pytest.mark.parametrize("engine", ENGINES[1:], ids=["pool", "ray"])
def test_targets_and_tasks_are_byte_identical_to_the_local_run(engine: list[str], seed_paths: list[Path]) -> None:
    _needs_ray(engine)
    folder = str(seed_paths[0].parent)
    local = run("extract", folder)
    scaled = run("extract", folder, *engine)
    assert local.returncode == scaled.returncode == 0, scaled.stderr
    assert local.stdout.count(b"\n") >= 100
    assert scaled.stdout == local.stdout
    assert run("extract", folder, "--tasks", *engine).stdout == run("extract", folder, "--tasks").stdout


@pytest.mark.parametrize("engine", ENGINES[1:], ids=["pool", "ray"])
def test_a_bad_file_is_reported_by_name_and_the_others_go_on(engine: list[str], seed_paths: list[Path],
                                                             tmp_path: Path) -> None:
    _needs_ray(engine)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.docx").write_bytes(b"not a zip archive")
    files = [str(tmp_path / "broken.docx"), str(seed_paths[0]), str(tmp_path / "empty.txt"), str(seed_paths[1])]
    local, scaled = run("extract", *files), run("extract", *files, *engine)
    assert scaled.returncode == local.returncode == 2
    assert scaled.stdout == local.stdout and scaled.stdout.count(b"\n") >= 50
    errors = [line for line in scaled.stderr.decode().splitlines() if line.startswith("Error: ")]
    assert errors == [line for line in local.stderr.decode().splitlines() if line.startswith("Error: ")]
    assert [e.split(":")[1].strip() for e in errors] == [f"cannot read {tmp_path / 'broken.docx'}",
                                                         f"cannot read {tmp_path / 'empty.txt'}"]
