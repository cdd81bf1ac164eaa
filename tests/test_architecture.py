"""The pipeline core (read → outline → extract → …) imports nothing of storage, CLI, web or terminals."""

from __future__ import annotations

import ast
from pathlib import Path

import greentrack

PACKAGE = Path(greentrack.__file__).parent
CORE_STAGES = ("read", "outline", "extract", "resolve", "track", "analyse")
FORBIDDEN = ("greentrack.cli", "greentrack.services", "greentrack.web", "greentrack.ledger",
             "greentrack.reports", "typer", "rich", "fastapi", "starlette", "sqlalchemy", "alembic", "click")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _core_files() -> list[Path]:
    return [p for stage in CORE_STAGES if (PACKAGE / stage).is_dir() for p in (PACKAGE / stage).rglob("*.py")]


def test_core_stages_exist() -> None:
    assert {"read", "outline", "extract"} <= {p.parent.name for p in _core_files()}


def test_core_imports_no_outer_layer() -> None:
    offenders = [f"{path.relative_to(PACKAGE)} imports {name}"
                 for path in _core_files() for name in _imports(path)
                 if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)]
    assert offenders == []
