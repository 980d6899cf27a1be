"""The layers keep their rules (docs/architecture.md), read from the source's imports.

The core is pure: it imports only itself and the standard library's value
modules, and never reads, writes or prints. Use cases take their collaborators
and know no terminal library. Only ``commands/chrome.py`` touches Typer's
private parts. And no module imports, even inside a function, a module that
imports it back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import stresscheck

PACKAGE = Path(stresscheck.__file__).parent

# What the core may import besides itself: values, text and arithmetic; nothing
# that reaches files, processes, the network or a terminal.
CORE_MAY_IMPORT = {
    "__future__",
    "bisect",
    "collections",
    "collections.abc",
    "dataclasses",
    "datetime",
    "decimal",
    "math",
    "pathlib",  # paths as values (a practice's files); nothing in the core opens them
    "re",
    "sys",  # float limits
    "types",
    "typing",
    "uuid",
}
# Builtins that do input or output.
IO_CALLS = {"open", "print", "input", "exec", "eval", "breakpoint"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, *, type_checking: bool = False) -> Iterator[str]:
    """Every module ``path`` imports, at any depth (inside functions too); names
    imported from a package count as its modules when they are modules. Imports
    under ``if TYPE_CHECKING:`` only with ``type_checking``."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped: set[int] = set()
    if not type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(inner) for inner in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    yield f"{node.module}.{alias.name}"


def test_the_scan_sees_the_modules_and_their_imports() -> None:
    """The checks below read something real: a module list and known imports."""
    assert "stresscheck.core.scoring" in MODULES
    assert "stresscheck.cli" in MODULES
    cli_imports = set(imports(MODULES["stresscheck.cli"]))
    assert "typer" in cli_imports
    assert "stresscheck.context" in cli_imports


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = {
        name: {target for target in imports(path) if target in MODULES and target != name}
        for name, path in MODULES.items()
    }
    cycles = strongly_connected(graph)
    assert [sorted(cycle) for cycle in cycles if len(cycle) > 1] == []


def test_cycles_are_found_when_there_are_some() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sorted(map(sorted, strongly_connected(graph))) == [["a", "b", "c"], ["d"]]


@pytest.mark.parametrize("name", [name for name in MODULES if name.startswith("stresscheck.core")])
def test_the_core_is_pure(name: str) -> None:
    path = MODULES[name]
    outside = {
        target
        for target in imports(path, type_checking=True)
        if not target.startswith("stresscheck.core") and target not in CORE_MAY_IMPORT
    }
    assert outside == set(), f"{name} imports {outside}"
    calls = {
        node.func.id
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert calls & IO_CALLS == set(), f"{name} does input or output"


@pytest.mark.parametrize(
    "name", [name for name in MODULES if name.startswith("stresscheck.usecases")]
)
def test_use_cases_know_no_terminal_library(name: str) -> None:
    terminal = {
        target
        for target in imports(MODULES[name], type_checking=True)
        if target.split(".")[0] in {"typer", "click", "rich"}
    }
    assert terminal == set(), f"{name} imports {terminal}"


def test_only_the_chrome_touches_typers_private_parts() -> None:
    private = {
        name
        for name, path in MODULES.items()
        for target in imports(path, type_checking=True)
        if target.startswith("typer._")
    }
    assert private == {"stresscheck.commands.chrome"}


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
