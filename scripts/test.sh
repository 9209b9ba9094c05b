#!/usr/bin/env bash
# One command: set up (packages, Chromium) and run the whole test suite twice, on SQLite and on a
# throwaway PostgreSQL cluster (scripts/with_postgres.sh). Extra arguments go to both pytest runs,
# e.g. scripts/test.sh tests/forum -x. Fails if either run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "== Lint (ruff check, ruff format --check)"
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
echo "== App layers (lint-imports)"
.venv/bin/lint-imports --no-cache --no-logo
echo "== SQLite"
sqlite=0
.venv/bin/python -m pytest "$@" || sqlite=$?
echo "== PostgreSQL"
postgres=0
scripts/with_postgres.sh .venv/bin/python -m pytest "$@" || postgres=$?
if [ "$sqlite" -ne 0 ] || [ "$postgres" -ne 0 ]; then
  echo "== Failed: SQLite run exit $sqlite, PostgreSQL run exit $postgres" >&2
  exit 1
fi
