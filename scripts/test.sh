#!/usr/bin/env bash
# One command: set up (packages, Chromium) and run the whole test suite. Extra arguments go to
# pytest, e.g. scripts/test.sh tests/forum -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "== Lint (ruff check, ruff format --check)"
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
echo "== App layers (lint-imports)"
.venv/bin/lint-imports --no-cache --no-logo
exec .venv/bin/python -m pytest "$@"
