#!/usr/bin/env bash
# One command: set up, load the bilingual demo community, build the search index, serve it on
# http://127.0.0.1:8000 (DJANGO_DEBUG=1 here: plain http and static files for a laptop).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
scripts/setup.sh
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py rebuild_index --noinput
echo "== Wenda is at http://127.0.0.1:8000/  (demo logins are listed in README.md)"
exec .venv/bin/python manage.py runserver "${WENDA_ADDRESS:-127.0.0.1:8000}"
