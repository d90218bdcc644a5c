#!/usr/bin/env bash
# README command 2: set up and run the whole test suite (unit, integration, API contract, browser, lint, audit).
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium; install it where missing (never a browser download).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${HEADLINE_SKIP_BROWSER_INSTALL:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "warning: chromium missing and not root; browser tests will be skipped" >&2
  fi
fi
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # service/ and training/, configured in pyproject.toml [tool.mypy]
bash scripts/audit-deps.sh
.venv/bin/python -m pytest "$@"
