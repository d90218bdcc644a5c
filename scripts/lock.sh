#!/usr/bin/env bash
# Refresh the locks in requirements/ from pyproject.toml's ranges (needs PyPI; run it on purpose, then commit).
#
#   bash scripts/lock.sh                     # newest versions allowed by pyproject.toml
#   bash scripts/lock.sh --upgrade-package scikit-learn   # extra arguments go to both `uv pip compile` runs
#
# lock-dev.txt: the service, the tests and the tools CI runs (extras dev + dask + experiments); lock.txt: the service alone
# (Docker, scripts/serve.sh), resolved inside lock-dev.txt so both name the same versions. Universal (Linux,
# macOS, Windows; Python >= 3.11) with the SHA-256 of every file, so pip installs them in hash-checking mode.
# After a refresh: bash scripts/test.sh. tests/test_shipped_model.py re-scores a recorded sample with the
# newly locked scikit-learn; if it fails, keep the old version or retrain the model (README, "Reproducible installs").
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
UV="${UV:-.venv/bin/uv}"
if [ ! -x "$UV" ]; then
  .venv/bin/python -m pip install --quiet "uv==$UV_VERSION"
fi
common=(--universal --python-version 3.11 --generate-hashes --no-header --quiet)
"$UV" pip compile pyproject.toml requirements/build.in --extra dev --extra dask --extra experiments "${common[@]}" "$@" \
  -o requirements/lock-dev.txt
"$UV" pip compile pyproject.toml requirements/build.in "${common[@]}" -c requirements/lock-dev.txt "$@" \
  -o requirements/lock.txt
echo "lock.sh: requirements/lock-dev.txt ($(grep -c '^[a-z]' requirements/lock-dev.txt) packages)," \
     "requirements/lock.txt ($(grep -c '^[a-z]' requirements/lock.txt) packages)"
