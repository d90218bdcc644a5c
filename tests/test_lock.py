"""The locks in requirements/: complete, hash-pinned, true to pyproject's ranges, and what is installed.

``scripts/lock.sh`` makes them; ``scripts/setup.sh`` (so the README's commands and CI) and the Dockerfile
install from them. These tests fail when pyproject.toml changes without a refreshed lock, when a lock line
lost its hashes, and when the environment running the tests is not the locked one.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.servers import ROOT

LOCK, LOCK_DEV = ROOT / "requirements" / "lock.txt", ROOT / "requirements" / "lock-dev.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV = default_environment()


def parse_lock(path: Path) -> dict[str, list[tuple[Requirement, int]]]:
    """name -> [(``name==version ; marker``, number of hashes)] (several when versions differ by marker)."""
    entries: dict[str, list[tuple[Requirement, int]]] = {}
    current: list | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip().rstrip("\\").strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            assert current is not None, f"{path.name}: a hash before any requirement"
            current[1] += 1
            continue
        requirement = Requirement(line)
        current = [requirement, 0]
        entries.setdefault(canonicalize_name(requirement.name), []).append(current)  # type: ignore[arg-type]
    return {name: [(r, n) for r, n in items] for name, items in entries.items()}


def pinned_here(lock: dict, name: str, extras: tuple[str, ...] = ("",)) -> Version | None:
    """The version the lock installs for ``name`` on this interpreter and platform."""
    for requirement, _ in lock.get(canonicalize_name(name), []):
        if requirement.marker is None or any(
            requirement.marker.evaluate({**ENV, "extra": e}) for e in extras
        ):
            (spec,) = requirement.specifier
            assert spec.operator == "==", requirement
            return Version(spec.version)
    return None


def declared(extras: bool) -> list[Requirement]:
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    if extras:
        wanted += [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in wanted]


@pytest.mark.parametrize(("path", "extras"), [(LOCK, False), (LOCK_DEV, True)], ids=["lock", "lock-dev"])
def test_the_lock_pins_every_declared_requirement_within_its_range(path, extras) -> None:
    lock = parse_lock(path)
    for requirement in declared(extras):
        if requirement.marker is not None and not requirement.marker.evaluate(ENV):
            continue
        version = pinned_here(lock, requirement.name)
        assert version is not None, f"{requirement.name} is not in {path.name}: run bash scripts/lock.sh"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{path.name} pins {requirement.name}=={version} outside pyproject's {requirement.specifier}: "
            "run bash scripts/lock.sh"
        )


@pytest.mark.parametrize("path", [LOCK, LOCK_DEV], ids=["lock", "lock-dev"])
def test_every_pin_is_exact_and_hashed(path) -> None:
    for name, items in parse_lock(path).items():
        for requirement, hashes in items:
            assert [s.operator for s in requirement.specifier] == ["=="], f"{path.name}: {requirement}"
            assert hashes > 0, f"{path.name}: {name} has no --hash line"


def test_the_service_lock_names_the_same_versions_as_the_dev_lock() -> None:
    dev = parse_lock(LOCK_DEV)
    for name, items in parse_lock(LOCK).items():
        assert name in dev, f"{name} is in lock.txt only"
        assert {str(r) for r, _ in items} <= {str(r) for r, _ in dev[name]}, name


def test_the_running_environment_is_the_locked_one() -> None:
    """CI and `scripts/test.sh` install requirements/lock-dev.txt: every locked package, at its version."""
    lock = parse_lock(LOCK_DEV)
    wrong = []
    for name in lock:
        want = pinned_here(lock, name)
        if want is None:
            continue  # not for this platform or Python
        try:
            have = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            have = None
        if have != want:
            wrong.append(f"{name}: {have} installed, {want} locked")
    assert not wrong, "run bash scripts/setup.sh dev; " + "; ".join(wrong)


FAKE_PYTHON = """#!/usr/bin/env bash
# Stands in for python3 and .venv/bin/python: answers the version question, logs everything else.
if [ "$1" = "-c" ]; then echo 3.11.7; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
echo "$*" >> "$CALLS"
"""


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of what setup.sh reads, with a fake interpreter that records the pip calls."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "setup.sh").write_text((ROOT / "scripts" / "setup.sh").read_text())
    (tmp_path / "requirements").mkdir()
    for name in ("lock.txt", "lock-dev.txt", "build.in"):
        (tmp_path / "requirements" / name).write_text((ROOT / "requirements" / name).read_text())
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return tmp_path


def setup(project: Path, *args: str) -> list[str]:
    calls = project / "calls.log"
    calls.unlink(missing_ok=True)
    env = {**os.environ, "PYTHON": str(project / "python3"), "CALLS": str(calls)}
    subprocess.run(["bash", "scripts/setup.sh", *args], cwd=project, env=env, check=True, timeout=60)
    return calls.read_text().splitlines() if calls.exists() else []


def test_setup_installs_the_lock_once_then_starts_without_pip(project) -> None:
    first = setup(project, "dev")
    assert any("--require-hashes -r requirements/lock-dev.txt" in c for c in first), first
    assert any("--no-deps --no-build-isolation -e .[dev]" in c for c in first), first
    assert setup(project, "dev") == []
    assert setup(project) == [], "a dev install already holds the service's locked versions"
    with open(project / "requirements" / "lock-dev.txt", "a") as lock:
        lock.write("# refreshed\n")
    assert any("lock-dev.txt" in c for c in setup(project, "dev")), "a changed lock installs again"


def test_the_service_alone_installs_the_service_lock(project) -> None:
    calls = setup(project)
    assert any("--require-hashes -r requirements/lock.txt" in c for c in calls), calls
    assert setup(project) == []
