#!/usr/bin/env bash
# Makes sure the services the tests need are up (called by .ci/run before `npm ci` / `npm test`):
#   - PostgreSQL with the pgvector extension, for @alma/storage-pg (127.0.0.1:5432, or ALMA_PG_URL).
# Idempotent and quick when everything is already in place. Fails loudly when a service cannot be started:
# the storage-pg tests never skip.
set -euo pipefail
cd "$(dirname "$0")"

log() { echo "[ensure-services] $*"; }

if [ -n "${ALMA_PG_URL:-}" ]; then
  log "ALMA_PG_URL is set: using that server as is (no local install or start)."
  exit 0
fi

if [ ! -d /etc/postgresql ] && [ ! -d /usr/lib/postgresql ]; then
  echo "[ensure-services] PostgreSQL is not installed on this machine; install it or set ALMA_PG_URL." >&2
  exit 1
fi

# pgvector (builds it once; also starts the cluster if the build's package upgrade stopped it).
if [ "$(id -u)" = 0 ]; then
  bash ./install-pgvector.sh
fi

MAJOR=${PG_MAJOR:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)}
if command -v pg_lsclusters >/dev/null 2>&1 && ! pg_lsclusters -h "$MAJOR" main 2>/dev/null | grep -q online; then
  log "starting PostgreSQL cluster $MAJOR/main"
  pg_ctlcluster --skip-systemctl-redirect "$MAJOR" main start
fi

# Wait until it accepts connections (up to 60 s).
for i in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL $MAJOR accepts connections on 127.0.0.1:5432"
    # The tests' default database (postgres://postgres@127.0.0.1:5432/test).
    if [ "$(id -u)" = 0 ] && ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
      log "creating database 'test'"
      psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test'
    fi
    exit 0
  fi
  [ "$i" = 1 ] && log "waiting for PostgreSQL on 127.0.0.1:5432 ..."
  sleep 1
done
echo "[ensure-services] PostgreSQL did not accept connections on 127.0.0.1:5432 within 60 s" >&2
exit 1
