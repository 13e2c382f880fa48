"""Layers run one way (issue 23): loaders never depend on the dashboard, and no module reaches
itself through its imports.

A cycle held together by imports inside functions still couples both sides: neither can be
understood, tested or moved without the other, and which one loads first decides whether a
name exists yet. So the graph is built from every import statement in the source, however
deeply nested, not from what happens to be imported at start-up.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("loaders", "dashboard", "pages", "app.py")
LOWER = "loaders"
UPPER = ("dashboard", "pages")

Graph = dict[str, set[str]]


def module_files(root: Path, entries: tuple[str, ...] = PROJECT) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under the given folders (and lone files)."""
    found: dict[str, Path] = {}
    for entry in entries:
        path = root / entry
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            parts = list(file.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = file
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module ``name`` refers to (its nearest enclosing module), or None if outside."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _base(module: str, file: Path, level: int) -> str:
    """The package a relative import of ``level`` dots starts from."""
    parts = module.split(".")
    if file.name != "__init__.py":
        parts = parts[:-1]
    return ".".join(parts[: len(parts) - (level - 1)] if level > 1 else parts)


def imports_of(module: str, file: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules that ``module`` imports anywhere in its source (also inside functions)."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = _base(module, file, node.level)
                base = f"{prefix}.{base}" if base and prefix else (base or prefix)
            # ``from pkg import name`` imports the submodule pkg.name when there is one
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                     for alias in node.names]
        else:
            continue
        targets.update(t for t in (_resolve(n, modules) for n in names) if t is not None)
    targets.discard(module)
    return targets


def import_graph(root: Path, entries: tuple[str, ...] = PROJECT) -> Graph:
    modules = module_files(root, entries)
    return {name: imports_of(name, file, modules) for name, file in modules.items()}


def _components(graph: Graph) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative) with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        found.append(sorted(members))
    return found


def _shortest_path(graph: Graph, start: str, goal: str, within: set[str]) -> list[str]:
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for child in sorted(graph.get(node, ())):
            if child in within and child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"{goal} is not reachable from {start}")  # pragma: no cover - same component


def cycles(graph: Graph) -> list[str]:
    """Every import cycle as a chain ``a -> b -> a``: for each import inside a strongly connected
    component, the shortest cycle through it (so each link that keeps a cycle alive is named)."""
    chains: set[tuple[str, ...]] = set()
    for members in _components(graph):
        within = set(members)
        for node in members:
            for child in graph[node] & within:
                loop = [node, *_shortest_path(graph, child, node, within)[:-1]]
                turn = loop.index(min(loop))
                chains.add(tuple(loop[turn:] + loop[:turn]))
    return [" -> ".join([*chain, chain[0]]) for chain in sorted(chains)]


def upward_imports(graph: Graph) -> list[str]:
    return sorted(f"{module} -> {target}" for module, targets in graph.items()
                  if module.split(".")[0] == LOWER for target in targets if target.split(".")[0] in UPPER)


# ----------------------------------------------------------------------------- the checks


def test_the_checker_sees_nested_relative_and_submodule_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from . import b\n", encoding="utf-8")
    (pkg / "b.py").write_text("def f():\n    if True:\n        from .sub.c import x\n    return x\n",
                              encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "c.py").write_text("import json\nclass K:\n    def m(self):\n        from ..a import b\n",
                                      encoding="utf-8")
    (pkg / "d.py").write_text("from pkg.sub import c\nimport pkg.a\n", encoding="utf-8")
    graph = import_graph(tmp_path, ("pkg",))
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.sub.c"}
    assert graph["pkg.sub.c"] == {"pkg.a"}
    assert graph["pkg.d"] == {"pkg.sub.c", "pkg.a"}
    assert cycles(graph) == ["pkg.a -> pkg.b -> pkg.sub.c -> pkg.a"]


def test_the_checker_finds_a_loader_importing_the_dashboard(tmp_path: Path) -> None:
    for folder, text in (("loaders", "def run():\n    from dashboard.report import make\n"),
                         ("dashboard/report", "def make():\n    pass\n")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path, ("loaders", "dashboard"))
    assert upward_imports(graph) == ["loaders -> dashboard.report"]
    assert cycles(graph) == []


def test_the_project_graph_is_the_project() -> None:
    graph = import_graph(ROOT)
    assert {"app", "loaders.store", "loaders.replay", "dashboard.report", "dashboard.store"} <= set(graph)
    assert "loaders.store" in graph["loaders.build"]


def test_loaders_never_import_the_dashboard_or_pages() -> None:
    found = upward_imports(import_graph(ROOT))
    assert found == [], "loaders importing the layer above:\n" + "\n".join(found)


def test_no_module_imports_itself_through_others() -> None:
    found = cycles(import_graph(ROOT))
    assert found == [], "import cycles:\n" + "\n".join(found)
