"""The package's import graph: no cycles, and the accelerations stay outside the core.

Every import counts, at the top of a module or inside a function, except those under
`if TYPE_CHECKING:` (they never run). `LAYERS`, lowest first, can name groups of modules that
may import only from their own layer or lower ones.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "predictledger"
NAME = "predictledger"


def _layer(*names: str) -> tuple[str, ...]:
    return tuple(f"{NAME}.{name}" for name in names)


LAYERS: list[tuple[str, ...]] = [
    _layer("_records", "_text", "_version"),  # the records, the rules of text, the version
    _layer("_problems", "errors"),  # problems as values, errors raised on purpose
    _layer("_paths", "_convert", "_digest", "_ledger", "_schema"),  # layout, tables ↔ records
    _layer("_read", "_phrases"),  # files → records; hedge and horizon phrases
    _layer("_speed"),  # the optional accelerations, over the reading core
    _layer("_loader"),  # the reading core composed with the accelerations
    _layer("_checks"),  # the problems of a reading
    _layer("_score"),  # status, tallies, scorecards
    _layer("_shard"),  # checking and tallying shard by shard, for distributed engines
    _layer("_views", "_report", "_site"),  # what the commands show, the published website
    _layer("_write"),  # appending to the ledger
    _layer("_keep"),  # the keeper's verbs
    _layer("_interop"),  # queries, imports from platforms, exports that read back
    # commands, public submodules; drafting, which reads hedges through the public names
    _layer("_cli", "__main__", "scoring", "hedges", "writing", "_draft"),
]
"""Layers, lowest first, each a tuple of module prefixes (`"predictledger._read"`); a module
may import from its own layer and lower ones only. Every module of the package is in one."""

SPEED = f"{NAME}._speed"
MAY_IMPORT_SPEED = (SPEED, f"{NAME}._loader", f"{NAME}._cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of `tree`, at any depth, outside `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _imports(node)


def _targets(
    module: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]
) -> set[str]:
    """The package's modules that `node`, in `module`, imports."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    found = set()
    for alias in node.names:
        # `from . import cache` names a module; `from .cache import FileCache` a name in one.
        if f"{base}.{alias.name}" in known:
            found.add(f"{base}.{alias.name}")
        elif base in known:
            found.add(base)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges: set[str] = set()
        for node in _imports(tree):
            edges |= _targets(module, path, node, known)
        edges.discard(module)
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _in(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert f"{NAME}._read.file" in graph[f"{NAME}._read.structure"]
    assert f"{NAME}._speed.cache" in graph[f"{NAME}._loader"]


def test_no_module_takes_part_in_an_import_cycle() -> None:
    assert _cycles(import_graph()) == []


def test_a_cycle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_loader_and_the_commands_import_the_accelerations() -> None:
    offending = {
        module: sorted(target for target in targets if _in(target, (SPEED,)))
        for module, targets in import_graph().items()
        if not _in(module, MAY_IMPORT_SPEED)
    }
    assert {module: targets for module, targets in offending.items() if targets} == {}


def _upward(graph: dict[str, set[str]], layers: list[tuple[str, ...]]) -> list[tuple[str, str]]:
    """The imports of `graph` from a module to one of a higher layer."""
    rank = {prefix: position for position, layer in enumerate(layers) for prefix in layer}

    def layer_of(module: str) -> int | None:
        matches = [prefix for prefix in rank if _in(module, (prefix,))]
        return rank[max(matches, key=len)] if matches else None

    return sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if (low := layer_of(module)) is not None
        and (high := layer_of(target)) is not None
        and high > low
    )


def test_no_layer_imports_a_higher_one() -> None:
    assert _upward(import_graph(), LAYERS) == []


def test_every_module_has_a_layer() -> None:
    prefixes = tuple(prefix for layer in LAYERS for prefix in layer)
    assert [m for m in import_graph() if m != NAME and not _in(m, prefixes)] == []


def test_an_upward_import_is_found() -> None:
    graph = {"p._records": set(), "p._read.file": {"p._records"}, "p._ledger": {"p._read.file"}}
    assert _upward(graph, [("p._records",), ("p._ledger",), ("p._read",)]) == [
        ("p._ledger", "p._read.file")
    ]
