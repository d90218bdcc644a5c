"""The layers import one way (issue 15): model runtime <- training / analysis <- web, audit, CLI.

``service/model`` holds what a bundle needs at run time and the loader; it must not reach up into the
scoring core or an interface, nor into ``training`` (fit-time code). ``training`` may use the model layer,
the scoring core and the error tree, never the web, audit or CLI layers. ``service`` never imports
``training``, except the CLI group's lazy ``train``/``eval`` entries (named as strings there, so they
are not imports at all). Every import statement counts, lazy ones inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.servers import ROOT

INTERFACES = ("service.web", "service.cli", "service.audit")
ABOVE_MODEL = (*INTERFACES, "service.analysis", "training")


def imported_modules(path: Path) -> set[str]:
    """Absolute module names of every ``import`` / ``from ... import`` in a file (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in sorted(imported_modules(path))
        if _under(name, forbidden)
    ]


def test_the_model_layer_imports_nothing_above_it() -> None:
    assert (ROOT / "service/model/loader.py").is_file() and (ROOT / "service/model/lean.py").is_file()
    assert _violations("service/model", ABOVE_MODEL) == []


def test_training_never_imports_the_interfaces() -> None:
    assert _violations("training", INTERFACES) == []


def test_the_scoring_core_imports_no_interface() -> None:
    """The core is shared by the web, audit and CLI layers, so it can know none of them."""
    assert _violations("service/analysis", INTERFACES) == []


def test_the_interfaces_do_not_import_each_other() -> None:
    """The web app, the audit and the CLI are siblings; only the CLI starts the other two (lazily)."""
    assert _violations("service/web", ("service.audit", "service.cli")) == []
    assert _violations("service/audit", ("service.web", "service.cli")) == []


def test_service_never_imports_training() -> None:
    assert _violations("service", ("training",)) == []


def test_the_cli_reaches_training_only_through_its_lazy_entries() -> None:
    """The two fit-time commands are named as strings and imported on use, so serving never loads training."""
    source = (ROOT / "service/cli/group.py").read_text(encoding="utf-8")
    assert '"train": ("training.cli", "train")' in source
    assert '"eval": ("training.cli", "evaluate")' in source


@pytest.mark.parametrize(
    "source, forbidden, expected",
    [
        ("import training.data\n", ("training",), True),
        ("def f():\n    from service.analysis import analyze\n", ("service.analysis",), True),
        (
            "from .. import web\n",
            ("service.web",),
            True,
        ),  # relative, resolved against service/model/x.py's package
        ("from . import lean\n", ("service.web",), False),
        ("from service.exceptions import HeadlineError\n", ABOVE_MODEL, False),
    ],
)
def test_the_walker_sees_lazy_and_relative_imports(
    tmp_path, monkeypatch, source, forbidden, expected
) -> None:
    """The check itself can fail: a lazy import inside a function and a relative import are both found."""
    folder = tmp_path / "service" / "model"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert bool(_violations("service/model", forbidden)) is expected
