#!/usr/bin/env bash
# Create .venv and install exactly the locked versions, then the project itself (editable, nothing else fetched).
#
#   bash scripts/setup.sh        # the service: requirements/lock.txt
#   bash scripts/setup.sh dev    # the service, the tests and CI's tools: requirements/lock-dev.txt (every extra)
#
# Installs once per lock: a stamp in .venv keyed by the SHA-256 of the lock, pyproject.toml, build.in, the package version and the
# Python version makes the next run return at once, so scripts/serve.sh starts without re-running pip. A dev
# install also satisfies a plain one (lock.txt is resolved inside lock-dev.txt: the same versions).
# Refresh the locks with scripts/lock.sh (README, "Reproducible installs").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
STAMP=.venv/.headline-setup
case "${1:-}" in
  "") kind=service lock=requirements/lock.txt ;;
  *) kind=dev lock=requirements/lock-dev.txt ;;  # lock-dev.txt holds every extra (dev, dask)
esac

stamp_for() {  # stamp_for KIND LOCK: what the stamp says after installing LOCK
  local py
  py=$("$PYTHON" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')
  echo "$1 $(cat "$2" pyproject.toml requirements/build.in service/_version.py | sha256sum | cut -c1-64) python-$py"
}
wanted=$(stamp_for "$kind" "$lock")
if [ -x .venv/bin/python ] && [ -f "$STAMP" ]; then
  have=$(cat "$STAMP")
  if [ "$have" = "$wanted" ] || { [ "$kind" = service ] && [ "$have" = "$(stamp_for dev requirements/lock-dev.txt)" ]; }; then
    exit 0  # this lock is installed already
  fi
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
rm -f "$STAMP"
# Hash-checking mode: every file must be the one the lock names (pip itself, setuptools and wheel included).
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
# The project, against the locked setuptools: --no-build-isolation fetches no build backend of its own.
extras=""
[ -n "${1:-}" ] && extras="[$1]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e ".$extras"
.venv/bin/python -m pip check --disable-pip-version-check >/dev/null
echo "$wanted" > "$STAMP"
