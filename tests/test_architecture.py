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
