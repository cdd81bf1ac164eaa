"""Settings resolve environment over file over default, and bad values give a clear ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack import config
from greentrack.errors import ConfigError


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GREENTRACK_MAX_FILE_MB", raising=False)
    monkeypatch.setenv("GREENTRACK_CONFIG", str(tmp_path / "greentrack.toml"))
    return tmp_path


def test_default_when_nothing_set() -> None:
    assert config.get("max_file_mb") == 20.0


def test_file_over_default(_isolated: Path) -> None:
    (_isolated / "greentrack.toml").write_text("[greentrack]\nmax_file_mb = 5\n", encoding="utf-8")
    assert config.get("max_file_mb") == 5.0


def test_environment_over_file(_isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (_isolated / "greentrack.toml").write_text("[greentrack]\nmax_file_mb = 5\n", encoding="utf-8")
    monkeypatch.setenv("GREENTRACK_MAX_FILE_MB", "7.5")
    assert config.get("max_file_mb") == 7.5


def test_bad_value_names_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENTRACK_MAX_FILE_MB", "lots")
    with pytest.raises(ConfigError, match="GREENTRACK_MAX_FILE_MB is 'lots'"):
        config.get("max_file_mb")


def test_broken_file_is_named(_isolated: Path) -> None:
    (_isolated / "greentrack.toml").write_text("[greentrack\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"greentrack\.toml is not valid TOML"):
        config.get("max_file_mb")
