"""Benchmarks import the installed package (and the modules next to them), never the test suite (issue 15).

A bench script runs as ``.venv/bin/python bench/<script>.py``: the editable install provides ``service``
and ``training``, the script's own folder provides the shared harnesses (``fuzzing``, ``audit_kill``,
``fake_scorer``). So no script imports ``tests``, points a child's ``PYTHONPATH`` into it, or edits
``sys.path``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.servers import ROOT
from tests.test_layers import imported_modules

# Owned by another line of work this session; it gets the same checks once it reads no tests/ path.
SCRIPTS = sorted((ROOT / "bench").glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _edits_sys_path(tree: ast.Module) -> bool:
    """``sys.path.insert/append/extend(...)`` or an assignment to ``sys.path``."""
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            targets = [node.func.value]
        elif isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "path"
                and isinstance(target.value, ast.Name)
                and target.value.id == "sys"
            ):
                return True
    return False


def _names_tests_folder(tree: ast.Module) -> bool:
    """A string (not a docstring) that is the ``tests`` folder or a path into it."""
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and (node.value == "tests" or node.value.startswith(("tests/", "tests.")))
        for node in ast.walk(tree)
    )


def test_the_bench_folder_is_checked() -> None:
    assert {"bench_audit_kill.py", "bench_fuzz.py", "bench_audit.py", "audit_kill.py"} <= {
        p.name for p in SCRIPTS
    }


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_a_bench_module_imports_nothing_from_tests(path: Path) -> None:
    assert not any(name == "tests" or name.startswith("tests.") for name in imported_modules(path))
    assert not _names_tests_folder(_tree(path))


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_a_bench_module_does_not_edit_sys_path(path: Path) -> None:
    assert not _edits_sys_path(_tree(path))
