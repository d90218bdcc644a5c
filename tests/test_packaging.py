"""``pip install .`` ships a working command: the model comes with the package, found from any directory.

The wheel is built from a copy of the sources with the locked setuptools (no build isolation: nothing is
downloaded) and installed into a fresh virtual environment, whose third-party packages come from the test
environment through a ``.pth`` line (that folder is only on ``sys.path``; the editable install's own hooks
there are not run, so the project itself is imported from the wheel alone).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.servers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject lists its packages (models/ is mapped in as data): a new subpackage must be listed too."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.relative_to(ROOT).parts)
        for top in ("service", "training")
        for path in [ROOT / top, *(ROOT / top).rglob("*")]
        if path.is_dir() and path.name != "__pycache__" and any(path.iterdir())
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["service.shipped_models"] == "models"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for folder in ("service", "training", "models"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return next(out.glob("headline_inspector-*.whl"))


def test_the_wheel_carries_the_shipped_model_and_its_card(wheel) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "models").iterdir() if p.suffix in (".json", ".joblib")}
    assert shipped and {f"service/shipped_models/{n}" for n in shipped} <= names
    assert "service/web/templates/index.html" in names and "service/web/static/app.js" in names
    static = {
        f"service/web/static/{p.name}" for p in (ROOT / "service" / "web" / "static").iterdir() if p.is_file()
    }
    assert static - names == set(), "every ES module the page imports must ship"


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEADLINE_", "PYTHON"))}
    return subprocess.run(
        [str(venv / "bin" / "headline"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_headline_score_works_from_another_directory(installed, tmp_path) -> None:
    result = _run(installed, tmp_path, "score", "--json", "You won't believe what this council did")
    assert result.returncode == 0, result.stderr
    assert '"clickbait"' in result.stdout
    version = _run(installed, tmp_path, "--version")
    assert version.returncode == 0, version.stderr
    package_line, model_line = version.stdout.splitlines()
    assert package_line.startswith("headline-inspector ")
    assert model_line.startswith("model headline-") and str(installed) in model_line
    assert "service/shipped_models" in model_line


def test_without_the_shipped_model_the_error_names_both_options(installed, tmp_path) -> None:
    venv = tmp_path / "venv"
    shutil.copytree(installed, venv, symlinks=True)
    site = next(venv.glob("lib/python*/site-packages"))
    shutil.rmtree(site / "service" / "shipped_models")
    # The copied console script names the old interpreter: call the copy's through python -m.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEADLINE_", "PYTHON"))}
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from service.cli import main; main()", "score", "x"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "--model" in result.stderr and "HEADLINE_MODEL_PATH" in result.stderr
    assert "Traceback" not in result.stderr
