#!/usr/bin/env bash
# Runs COMMAND against a throwaway PostgreSQL cluster: initdb into a temporary folder, start it on
# 127.0.0.1 and a free port, export DATABASE_URL, run the command, then stop and remove the cluster
# (always, also on failure or Ctrl-C). Exits with the command's status.
# Usage: scripts/with_postgres.sh .venv/bin/python -m pytest tests/forum
# Needs Debian's postgresql-15 (installed if missing, as root or through sudo).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ! -x "$PGBIN/initdb" ]; then
  echo "== Installing postgresql-15 (Debian package)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 >/dev/null
fi

# The server refuses to run as root: as root the cluster belongs to the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  PGUSER_NAME=postgres
else
  as_pg() { "$@"; }
  PGUSER_NAME=$(id -un)
fi

PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/wenda-pg.XXXXXX")
chmod 755 "$PGDIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGDIR"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U "$PGUSER_NAME" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$PGDIR/server.log" >&2; exit 1; }
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" wenda

export DATABASE_URL="postgres://$PGUSER_NAME@127.0.0.1:$PORT/wenda"
status=0
"$@" || status=$?
exit "$status"
