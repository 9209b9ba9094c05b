#!/usr/bin/env bash
# Production: set up, collect static files, check the deployment settings, build the search
# index's missing documents, then run gunicorn (config/gunicorn.py: workers from the cores,
# --preload) and the background task worker beside it. Stopping this script stops both.
# Needs at least DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (README, "Production").
set -euo pipefail
cd "$(dirname "$0")/.."
export WENDA_STATIC_MANIFEST=${WENDA_STATIC_MANIFEST:-1}
scripts/setup.sh
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py check --deploy --fail-level WARNING
# Applies posts the index missed while the site was down (or builds it on first start).
.venv/bin/python manage.py search_check --repair

children=()
stop() {
  trap - TERM INT EXIT
  kill -TERM "${children[@]}" 2>/dev/null || true
  wait || true
}
trap stop TERM INT EXIT

case "${WENDA_TASKS_IMMEDIATE:-}" in
  1|true|yes|on) ;;  # tasks run in the web processes
  *)
    .venv/bin/python manage.py db_worker &
    children+=($!)
    ;;
esac
.venv/bin/gunicorn -c config/gunicorn.py config.wsgi &
children+=($!)
# Either one ending ends the service, so a supervisor (systemd, Docker) restarts the whole.
wait -n
