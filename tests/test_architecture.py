"""The layers hold: the pipeline core (read → outline → extract → …) imports nothing of storage, CLI, web or
terminals; the pipeline stage stays below the ledger, which only stores; no two modules import each other,
directly or around a cycle; and no module is over 600 lines."""

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


# ---------------------------------------------------------------- the layers, no cycles, small modules
# Every import counts, wherever it is written (inside a function, under TYPE_CHECKING, through
# importlib.import_module with a literal name): a late import hides a cycle from Python, not from a reader.

MAX_LINES = 600
# The packages (and top-level modules) by layer, lowest first: each imports only from its own layer or below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "models", "config", "auth"),
    ("read", "outline", "extract", "resolve", "track", "analyse"),
    ("pipeline",),
    ("ledger",),
    ("scale", "reports"),
    ("services",),
    ("cli", "web", "docgen"),
)
PIPELINE_FORBIDDEN = ("greentrack.cli", "greentrack.services", "greentrack.web", "greentrack.ledger",
                      "greentrack.scale", "greentrack.reports", "sqlalchemy", "alembic", "fastapi", "typer")
LEDGER_FORBIDDEN = ("greentrack.read", "greentrack.outline", "greentrack.extract", "greentrack.pipeline",
                    "greentrack.resolve.resolver", "greentrack.scale", "greentrack.services", "greentrack.cli",
                    "greentrack.web")
# What the ledger may use of those: the pipeline's output record, and the byte-level helpers of the reader
# that the sheet import shares (decoding CSV bytes, refusing a zip bomb).
LEDGER_MAY_USE = ("greentrack.pipeline.records", "greentrack.read.charsets", "greentrack.read.zipguard")


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `module` imports: `from a import b` names a.b when it is a module, else a."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    edges: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args and isinstance(node.args[0], ast.Constant)):
            names = [str(node.args[0].value)]
        for name in names:
            while name and name not in modules:  # `import a.b.c` of a function-less package path
                name = name.rpartition(".")[0]
            if name and name != module:
                edges.add(name)
    return edges


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_import_graph_is_read_whole() -> None:
    graph = _import_graph()
    assert "greentrack.services.status" in graph["greentrack.services.targets"]  # a top-level import
    assert "greentrack.ledger.users" in graph["greentrack.services.users"]  # imports inside functions count
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    cycles = _cycles(_import_graph())
    assert cycles == [], "modules that import each other (move what they share lower, or pass a callable): " + \
        "; ".join(" ↔ ".join(component) for component in cycles)


def test_no_module_is_over_600_lines() -> None:
    long = {str(path.relative_to(PACKAGE)): count for path in PACKAGE.rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these by noun (at most {MAX_LINES} lines a module)"


def test_each_package_imports_only_its_layer_and_below() -> None:
    layer = {name: number for number, names in enumerate(LAYERS) for name in names}
    graph = _import_graph()
    packages = {module.split(".")[1] for module in graph if "." in module}
    assert packages <= set(layer), f"give each package a layer: {sorted(packages - set(layer))}"
    upward = sorted(f"{module} imports {name}" for module, names in graph.items() if "." in module for name in names
                    if "." in name and layer[name.split(".")[1]] > layer[module.split(".")[1]])
    assert upward == []


def _offenders(prefix: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    graph = _import_graph()
    return sorted(f"{module} imports {name}" for module, names in graph.items()
                  if module == prefix or module.startswith(prefix + ".") for name in names
                  if any(name == bad or name.startswith(bad + ".") for bad in forbidden) and name not in allowed)


def test_the_pipeline_stays_below_the_ledger() -> None:
    """The pipeline (a plan's path or bytes → a PlanToStore) touches no storage, engine or shell."""
    assert _offenders("greentrack.pipeline", PIPELINE_FORBIDDEN) == []
    assert all(not name.startswith(bad) for name in _imports(PACKAGE / "pipeline" / "records.py")
               for bad in ("greentrack.read", "greentrack.outline", "greentrack.extract"))


def test_the_ledger_only_stores() -> None:
    """The ledger stores what the pipeline prepared; it reads, outlines, extracts and resolves nothing itself."""
    assert _offenders("greentrack.ledger", LEDGER_FORBIDDEN, LEDGER_MAY_USE) == []
