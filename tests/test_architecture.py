"""The package's layers: imports point one way, no cycles, no private names across modules.

Low to high: errors and clock, model, store, policy, domain, documents, views, report, cli.
A module may import from its own layer and from lower ones, never from a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "zorgroute"
LAYERS = [
    "errors",
    "clock",
    "model",
    "store",
    "policy",
    "domain",
    "documents",
    "views",
    "report",
    "cli",
]
RANK = {name: (0 if name in ("errors", "clock") else LAYERS.index(name) - 1) for name in LAYERS}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> list[tuple[str, str, int]]:
    """(imported module, imported name or '', line) for every import in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                found.append((module, alias.name, node.lineno))
    return [(m, n, line) for m, n, line in found if m == "zorgroute" or m.startswith("zorgroute.")]


def resolve(module: str, name: str, known: dict[str, Path]) -> str:
    """`from zorgroute.domain import engine` imports the module zorgroute.domain.engine."""
    candidate = f"{module}.{name}" if name else module
    return candidate if candidate in known else module


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def graph() -> dict[str, list[tuple[str, str, int]]]:
    known = modules()
    return {
        name: [(resolve(m, n, known), n, line) for m, n, line in imports(name, path)]
        for name, path in known.items()
    }


def test_every_module_sits_in_a_layer() -> None:
    loose = [
        m for m in modules() if m not in ("zorgroute", "zorgroute.__main__") and layer(m) is None
    ]
    assert loose == [], f"modules outside the layers: {loose}"


def test_no_import_from_a_higher_layer() -> None:
    upward = []
    for name, targets in graph().items():
        here = layer(name)
        if here is None:
            continue
        for target, _, line in targets:
            there = layer(target)
            if there is not None and RANK[there] > RANK[here]:
                upward.append(f"{name}:{line} imports {target}")
    assert upward == []


def test_no_import_cycle() -> None:
    edges = {
        name: {t for t, _, _ in targets if t != name and t != "zorgroute"}
        for name, targets in graph().items()
    }
    # package __init__ modules are namespaces; an import of one is an import of nothing
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_private_name_across_modules() -> None:
    private = [
        f"{name}:{line} imports {n} from {t}"
        for name, targets in graph().items()
        for t, n, line in targets
        if n.startswith("_") and n != "__version__"
    ]
    assert private == []


@pytest.mark.parametrize("layer_name", [n for n in LAYERS if n not in ("errors", "clock")])
def test_layer_is_a_package(layer_name: str) -> None:
    assert (PACKAGE / layer_name / "__init__.py").is_file()
