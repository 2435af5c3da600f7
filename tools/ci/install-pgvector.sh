#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL (Debian), built from Debian's own source package.
#
# Debian 12 ships PostgreSQL 15 but no pgvector package for it, so this script:
#   1. reads the `trixie` deb-src index through a private apt option dir (the system sources and lists stay as
#      they are) and downloads the pgvector source package (`apt-get source --download-only pgvector`);
#   2. installs the build dependencies (`postgresql-server-dev-<major> build-essential`) from the system sources;
#   3. builds and installs it with that server's pg_config (`make OPTFLAGS="" PG_CONFIG=... && make install`);
#   4. starts the cluster if the dev package upgrade stopped it.
# Idempotent: when vector.so and vector.control are already installed it only checks the cluster. Run as root.
#
# Environment: PG_MAJOR (default: the newest version in /etc/postgresql or /usr/lib/postgresql),
#              ALMA_PGVECTOR_WORKDIR (default /var/tmp/alma-pgvector), ALMA_PGVECTOR_SUITE (default trixie).
set -euo pipefail

log() { echo "[install-pgvector] $*"; }

pg_major() {
  if [ -n "${PG_MAJOR:-}" ]; then echo "$PG_MAJOR"; return; fi
  local v
  v=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1 || true)
  [ -n "$v" ] || v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1 || true)
  [ -n "$v" ] || { echo "no PostgreSQL installation found (/etc/postgresql, /usr/lib/postgresql)" >&2; exit 1; }
  echo "$v"
}

MAJOR=$(pg_major)
BIN=/usr/lib/postgresql/$MAJOR/bin
PG_CONFIG=$BIN/pg_config
WORK=${ALMA_PGVECTOR_WORKDIR:-/var/tmp/alma-pgvector}
SUITE=${ALMA_PGVECTOR_SUITE:-trixie}

installed() {
  [ -x "$PG_CONFIG" ] || return 1
  [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ] && [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]
}

if installed; then
  log "pgvector is already installed for PostgreSQL $MAJOR ($("$PG_CONFIG" --pkglibdir)/vector.so)."
else
  [ "$(id -u)" = 0 ] || { echo "install-pgvector.sh must run as root (apt-get, make install)" >&2; exit 1; }
  started=$(date +%s)
  APT_LOCK=(-o DPkg::Lock::Timeout=300)
  export DEBIAN_FRONTEND=noninteractive

  # 1. Source package from the newer suite, through a private sources/lists dir.
  APT_DIR=$WORK/apt
  mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/lists/partial" "$WORK/src"
  cat >"$APT_DIR/sources.list.d/pgvector-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  PRIVATE=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
    -o "Dir::State::Lists=$APT_DIR/lists")
  log "reading the $SUITE deb-src index (private apt dir $APT_DIR)"
  apt-get "${PRIVATE[@]}" "${APT_LOCK[@]}" update -qq
  (cd "$WORK/src" && apt-get "${PRIVATE[@]}" -o APT::Sandbox::User=root source --download-only -qq pgvector)
  orig=$(ls -t "$WORK"/src/pgvector_*.orig.tar.* | head -1)
  log "downloaded $(basename "$orig")"

  # 2. Build dependencies from the system sources (may upgrade PostgreSQL to the matching minor version).
  apt-get "${APT_LOCK[@]}" update -qq
  apt-get "${APT_LOCK[@]}" install -y -qq "postgresql-server-dev-$MAJOR" build-essential >/dev/null

  # 3. Build against this server and install.
  build=$WORK/build
  rm -rf "$build" && mkdir -p "$build"
  tar -xf "$orig" -C "$build" --strip-components=1
  make -s -C "$build" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >/dev/null
  make -s -C "$build" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install >/dev/null
  installed || { echo "pgvector build finished but vector.so / vector.control are missing" >&2; exit 1; }
  log "installed pgvector for PostgreSQL $MAJOR in $(($(date +%s) - started)) s"
fi

# 4. The dev package upgrade may have restarted or stopped the server.
if command -v pg_lsclusters >/dev/null 2>&1; then
  if ! pg_lsclusters -h "$MAJOR" main 2>/dev/null | grep -q online; then
    log "starting cluster $MAJOR/main"
    pg_ctlcluster --skip-systemctl-redirect "$MAJOR" main start
  fi
fi
