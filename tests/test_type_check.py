"""The type checker is part of the test command, configured once in pyproject.toml.

mypy itself runs in ``scripts/test.sh`` (a whole-tree run takes longer than a unit test should); these
tests keep that wiring from silently disappearing and keep the configuration honest: missing imports
are ignored only for named third-party packages that really ship no type information.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def _commands(script: Path) -> list[str]:
    lines = (line.strip() for line in script.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_the_test_command_type_checks_before_pytest() -> None:
    commands = _commands(ROOT / "scripts" / "test.sh")
    mypy = [i for i, line in enumerate(commands) if line.startswith(".venv/bin/mypy")]
    pytest_run = [i for i, line in enumerate(commands) if "-m pytest" in line]
    assert mypy, "scripts/test.sh must run mypy"
    assert pytest_run and mypy[0] < pytest_run[0]
    assert "exec bash scripts/test.sh" in _commands(ROOT / ".ci" / "run")


def test_mypy_checks_service_and_training_for_python_3_11() -> None:
    config = _mypy_config()
    assert set(config["files"]) >= {"service", "training"}
    assert config["python_version"] == "3.11"


def test_missing_imports_are_never_ignored_globally() -> None:
    config = _mypy_config()
    assert not config.get("ignore_missing_imports", False)
    assert not config.get("ignore_errors", False)


def _ignored_third_party() -> list[str]:
    names = []
    for override in _mypy_config().get("overrides", []):
        if override.get("ignore_missing_imports"):
            modules = override["module"]
            names += [modules] if isinstance(modules, str) else modules
    return sorted({name.removesuffix(".*").split(".")[0] for name in names})


@pytest.mark.parametrize("package", _ignored_third_party())
def test_each_ignored_import_is_an_installed_package_without_type_information(package: str) -> None:
    assert not (ROOT / package).exists(), f"{package} is the project's own code: type it instead"
    spec = importlib.util.find_spec(package)
    assert spec is not None, f"{package} is not installed: drop it from [tool.mypy] overrides"
    locations = list(spec.submodule_search_locations or [])
    assert locations, f"{package} is a single module"
    assert not any((Path(p) / "py.typed").exists() for p in locations), f"{package} ships py.typed"
    stubs = Path(locations[0]).parent / f"{package}-stubs"
    assert not stubs.exists(), f"{package} has stubs installed: drop it from the ignore list"
