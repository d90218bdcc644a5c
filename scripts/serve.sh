#!/usr/bin/env bash
# README command 1: set up and run the service on the shipped model at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/headline serve "$@"
