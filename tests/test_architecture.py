"""The shape of the code: import directions between layers, and dashboard/README.md as a true map."""

import ast
import re
from pathlib import Path

import pytest

from support.paths import REPO

DASHBOARD = REPO / "dashboard"


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


RULES = [  # (files, forbidden import prefixes, why)
    (files(REPO / "etl"), ("dashboard",), "etl is the bottom layer"),
    ([DASHBOARD / "data.py"], ("dash", "plotly", "dashboard"), "the data layer answers in pandas"),
    (files(DASHBOARD / "text"), ("dash", "dashboard.page", "dashboard.serving", "dashboard.site"), "words, no Dash"),
    (files(DASHBOARD / "charts") + files(DASHBOARD / "exports"), ("dash", "dashboard.page", "dashboard.serving"),
     "figures and files are made without the page"),
    (files(DASHBOARD / "site"), ("dash", "dashboard.page"), "the static site is built from charts/ and exports/"),
    (files(DASHBOARD / "page"), ("dashboard.serving", "dashboard.site", "dashboard.app"), "the page mounts no routes"),
]


@pytest.mark.parametrize("paths, forbidden, why", RULES, ids=[r[2] for r in RULES])
def test_imports_go_one_way(paths, forbidden, why):
    assert paths
    wrong = {f"{p.relative_to(REPO)} imports {m}" for p in paths for m in imports(p) if under(m, *forbidden)}
    assert wrong == set(), why


def test_the_map_names_every_file_and_only_files_that_exist():
    text = (DASHBOARD / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([^`]+)` \|", text, re.M))
    present = {str(p.relative_to(DASHBOARD)) for p in DASHBOARD.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.name != "README.md"
               and not (p.name == "__init__.py" and p.parent != DASHBOARD / "templates")}
    assert named - present == set(), "the map names files that do not exist"
    assert present - named == set(), "files the map does not name"


def test_no_test_edits_sys_path():
    edits = [p for p in (REPO / "tests").rglob("*.py") if "sys.path" in p.read_text(encoding="utf-8")
             and p != Path(__file__)]
    assert edits == []


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Our modules -> the modules of ours each imports (a `from package import module` names the module)."""
    paths = files(DASHBOARD) + files(REPO / "etl")
    ours = {module_name(p) for p in paths}
    return {module_name(p): {m for m in imports(p) if m in ours} - {module_name(p)} for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of `graph`: its strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


TOP = ("dashboard.app", "dashboard.cli", "dashboard.__main__")  # what mounts or runs everything: nothing imports it


def test_nothing_imports_upward():
    wrong = {f"{name} imports {m}" for name, imported in import_graph().items() if not under(name, *TOP)
             for m in imported if under(m, *TOP)}
    assert wrong == set()
