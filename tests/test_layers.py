"""Each folder imports only from the folders before it: corpus → index → search → web.
Engine libraries are imported only inside index/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["corpus", "index", "search", "web"]
ENGINE_LIBRARIES = {"whoosh", "tantivy"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ORDER)
def test_no_back_imports(package: str) -> None:
    allowed = set(ORDER[: ORDER.index(package) + 1])
    forbidden = set(ORDER) - allowed
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & forbidden)
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imports(path) & forbidden
    }
    assert offenders == {}


@pytest.mark.parametrize("package", ["corpus", "search", "web"])
def test_engine_libraries_only_in_index(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & ENGINE_LIBRARIES)
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imports(path) & ENGINE_LIBRARIES
    }
    assert offenders == {}
