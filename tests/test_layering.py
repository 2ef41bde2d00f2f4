"""The layering rule of DESIGN.md: ``app/`` never imports PySide6 or ``ui``; ``ui/`` never imports
SQLAlchemy. Checked on the syntax tree of every module, so a new file cannot slip past it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    ("package", "forbidden"), [("app", {"PySide6", "shiboken6", "ui"}), ("ui", {"sqlalchemy"})]
)
def test_package_never_imports_forbidden_layers(package: str, forbidden: set[str]) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & forbidden)
        for p in (ROOT / package).rglob("*.py")
        if imported_roots(p) & forbidden
    }
    assert offenders == {}


def test_checker_sees_an_offending_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n")
    assert "PySide6" in imported_roots(bad)
