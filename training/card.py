"""The model card: the sole owner of what a shipped model says about itself.

A card is JSON beside the joblib file. It records how the model was made (the exact
command, git commit, library versions, SHA-256 and row counts of every training
file), what it means (decision threshold, label meanings) and how well it does
(the evaluation report). The loader trusts the joblib file only if its SHA-256
matches ``artifact_sha256`` here, because unpickling runs code.
"""

from __future__ import annotations

import json
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["ModelCard", "SCHEMA_VERSION", "library_versions", "git_commit"]

SCHEMA_VERSION = 1
TRACKED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "textstat", "vaderSentiment")


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in TRACKED_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(cwd: str | Path | None = None) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    if out.returncode != 0 or not commit:
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    )
    return commit + ("-dirty" if dirty.stdout.strip() else "")


@dataclass
class ModelCard:
    """Everything a reader or the loader needs to know about one model file."""

    name: str
    version: str
    artifact: str
    artifact_sha256: str
    command: str
    git_commit: str
    created: str
    threshold: float = 0.5
    labels: dict[str, str] = field(default_factory=lambda: {"1": "clickbait", "0": "not clickbait"})
    strength_scale: str = "Webis Clickbait 17 truthMean: mean of 5 judgements on {0, 1/3, 2/3, 1}"
    training_files: dict[str, dict] = field(default_factory=dict)
    training_rows: dict[str, int] = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    components: dict[str, bool] = field(default_factory=dict)
    libraries: dict[str, str] = field(default_factory=library_versions)
    metrics: dict = field(default_factory=dict)
    cross_validation: dict = field(default_factory=dict)
    component_metrics: dict = field(default_factory=dict)
    sensationalism: dict = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a model card must be a JSON object")
        known = set(cls.__dataclass_fields__)
        missing = [f for f in ("name", "version", "artifact", "artifact_sha256") if f not in data]
        if missing:
            raise ValueError(f"model card lacks {', '.join(missing)}")
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict:
        return asdict(self)
