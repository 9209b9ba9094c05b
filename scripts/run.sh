#!/usr/bin/env bash
# One command: set up, load the bilingual demo community, build the search index, serve it on
# http://127.0.0.1:8000 (DJANGO_DEBUG=1 here: plain http, static files and uploaded images in
# var/media served by Django itself, for a laptop; production: docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
scripts/setup.sh
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py rebuild_index --noinput
# Mail and other background tasks: a database worker beside the site, stopped with it. With
# WENDA_TASKS_IMMEDIATE=1 tasks run in-process after each commit and no worker is needed.
if [ "${WENDA_TASKS_IMMEDIATE:-}" != "1" ]; then
  .venv/bin/python manage.py db_worker &
  worker=$!
  trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
fi
echo "== Wenda is at http://${WENDA_ADDRESS:-127.0.0.1:8000}/  (demo logins are listed in README.md)"
.venv/bin/python manage.py runserver "${WENDA_ADDRESS:-127.0.0.1:8000}"
