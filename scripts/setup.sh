#!/usr/bin/env bash
# Creates .venv, installs pinned packages, compiles translations and migrates the database.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test tools and Chromium for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Wenda needs Python 3.10+ (3.11 recommended)")'

if [ ! -x .venv/bin/python ]; then
  echo "== Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  scripts/install_browser.sh
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi

mkdir -p var var/static  # var/static: STATIC_ROOT, where collectstatic writes and whitenoise reads
.venv/bin/python manage.py compile_translations
.venv/bin/python manage.py migrate --noinput -v 0
