#!/usr/bin/env bash
# Install (Debian package) and start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the storage
# tests, create a user and a database, and print the SQLAlchemy URL on stdout (nothing else).
#   export FORMTALLY_TEST_PG_URL="$(scripts/start_postgres.sh)"
# Idempotent: a cluster already running in PGDIR is reused. Stop it with
#   pg_ctl -D "$PGDIR" stop   (as the postgres user when run as root)
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PGPORT="${PGPORT:-54329}"
PGDIR="${PGDIR:-/tmp/formtally-pg}"
DB_NAME="${DB_NAME:-formtally}"
DB_USER="${DB_USER:-formtally}"
DB_PASS="${DB_PASS:-formtally}"
BIN="/usr/lib/postgresql/${PG_VERSION}/bin"

log() { echo "start_postgres: $*" >&2; }

if [ ! -x "$BIN/pg_ctl" ]; then
  log "installing postgresql-${PG_VERSION}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-${PG_VERSION}" >&2
fi

# The server refuses to run as root: use the Debian 'postgres' account then.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

mkdir -p "$PGDIR"
if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; fi

if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  log "initdb in $PGDIR/data"
  as_pg "$BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_pg "$BIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
fi

if ! as_pg "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PGPORT"
  as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off" start >/dev/null
fi

psql_pg() { as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ -z "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
  psql_pg -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASS'" >/dev/null
fi
if [ -z "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  psql_pg -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"" >/dev/null
fi

echo "postgresql+psycopg://${DB_USER}:${DB_PASS}@127.0.0.1:${PGPORT}/${DB_NAME}"
