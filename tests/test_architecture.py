"""The package's layers, read from its source: no import cycle, no Django below the web layer,
and an engine that knows nothing of files.

Every ``import`` statement counts, at module level or inside a function: a late import hides a
dependency from a reader, not from this test."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rallye"
PURE_LAYERS = ("domain", "engine", "formats", "reporting", "documents", "geocoding", "phones", "retroplanning")
"""Plain Python: usable from the command line, the benchmarks and the tests without Django."""
WEB_LAYER = ("web", "www", "organisations", "rallies", "plans", "evaluation")
KNOWN_CYCLES: set[frozenset[str]] = set()
"""Cycles left to remove (owned elsewhere); a new cycle fails the test, and so does a fixed one
still listed here."""


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = ("rallye", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imported_names(module: str, path: Path) -> Iterator[str]:
    """Every module name an import statement of ``module`` names (within or beyond the package)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # ``from package import submodule`` depends on the submodule, not on the package.
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            yield from submodules or [base]


def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Imports between the package's modules, and the top-level packages each imports beyond it."""
    internal: dict[str, set[str]] = {module: set() for module in MODULES}
    external: dict[str, set[str]] = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for name in _imported_names(module, path):
            if name in MODULES:
                if name != module:
                    internal[module].add(name)
            elif name.startswith("rallye."):
                parent = name.rpartition(".")[0]
                if parent in MODULES:
                    internal[module].add(parent)  # an attribute of a module: ``from rallye.x import y``
            else:
                external[module].add(name.split(".")[0])
    return internal, external


INTERNAL, EXTERNAL = _graph()


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _reachable(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        for target in INTERNAL[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def _in(module: str, layers: tuple[str, ...]) -> bool:
    return any(module == f"rallye.{layer}" or module.startswith(f"rallye.{layer}.") for layer in layers)


def test_the_graph_sees_the_package() -> None:
    assert "rallye.engine.solve" in INTERNAL["rallye.cli.main"]
    assert "rallye.engine.parts" in INTERNAL["rallye.engine.solve"]
    assert "django" in EXTERNAL["rallye.plans.services"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]


def test_no_import_cycle() -> None:
    assert set(_cycles(INTERNAL)) == KNOWN_CYCLES


def test_no_django_below_the_web_layer() -> None:
    for module in MODULES:
        if not _in(module, PURE_LAYERS):
            continue
        reached = _reachable(module)
        assert not [m for m in reached | {module} if "django" in EXTERNAL[m]], module
        assert not [m for m in reached if _in(m, WEB_LAYER)], module


def test_the_engine_reads_no_file_format() -> None:
    for module in MODULES:
        if _in(module, ("engine",)):
            assert not [m for m in _reachable(module) | {module} if _in(m, ("formats", "cli"))], module


def test_the_generator_and_the_baseline_are_not_installed() -> None:
    assert not [m for m in MODULES if m.endswith((".generator", ".greedy"))]
    assert not [m for m in MODULES if "benchmarks" in EXTERNAL[m]]
