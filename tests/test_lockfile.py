"""The lock files pin the whole environment with hashes and agree with pyproject.toml: every pin there is the
version locked, every locked package carries at least one sha256, and the README's install, the test command
and CI install from them (docs/reliability.md, *Dependencies*)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """package → (version, how many hashes) of a pip-compile lock file."""
    found: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := LOCKED.match(line):
            current = _name(match.group(1))
            found[current] = (match.group(2), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def pins(extra: str | None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + (list(project["optional-dependencies"][extra]) if extra else [])
    found = {}
    for spec in wanted:
        name, _, version = spec.split(";")[0].strip().partition("==")
        found[_name(name.split("[")[0])] = version.strip()
    return found


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", None), ("requirements-test.lock", "test")])
def test_the_lock_pins_what_pyproject_pins_with_hashes(lock: str, extra: str | None) -> None:
    found = locked(ROOT / lock)
    assert len(found) > 40
    assert {name: version for name, version in pins(extra).items() if found.get(name, ("",))[0] != version} == {}
    assert [name for name, (_, hashes) in found.items() if hashes == 0] == []


def test_the_installs_use_the_locks() -> None:
    assert "pip install -r requirements.lock" in (ROOT / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/test.sh", ".ci/run"):
        assert "-r requirements-test.lock" in (ROOT / script).read_text(encoding="utf-8"), script
