#!/usr/bin/env bash
# Installs and starts, idempotently, the local stand-ins for Neon's two endpoints:
#   PostgreSQL on 127.0.0.1:5432 (the direct endpoint) and
#   PgBouncer in transaction mode on 127.0.0.1:6432 (the pooled endpoint), keeping protocol-level prepared
#   statements across server connections as Neon's pooler does (PgBouncer >= 1.21, max_prepared_statements).
# Both run as the postgres user. Prints the URLs to use as shell assignments.
#
# Usage: scripts/local-services.sh [start|stop-pgbouncer|start-pgbouncer|stop-postgres|start-postgres|urls]
#
# PG_CLUSTER, PG_PORT, BOUNCER_PORT and BOUNCER_DIR select another, private pair: the fault tests stop and start
# their own PostgreSQL cluster and PgBouncer that way, without disturbing anything else that uses the main ones.
set -euo pipefail

DB_USER=taskflow
DB_PASSWORD=taskflow
DB_NAME=taskflow
PG_CLUSTER=${PG_CLUSTER:-main}
PG_PORT=${PG_PORT:-5432}
BOUNCER_PORT=${BOUNCER_PORT:-6432}
BOUNCER_DIR=${BOUNCER_DIR:-/var/lib/postgresql/taskflow-pgbouncer}

log() { echo "local-services: $*" >&2; }

as_postgres() { su postgres -s /bin/sh -c "$1"; }

# PgBouncer keeps prepared statements in transaction mode from 1.21 on; Debian bookworm packages 1.18. Where the
# packaged one is older, the same release Debian trixie ships is built from Debian's own copy of the upstream source
# (checked against the digest below) into its own prefix, once.
BOUNCER_VERSION=1.24.1
BOUNCER_SOURCE=http://deb.debian.org/debian/pool/main/p/pgbouncer/pgbouncer_$BOUNCER_VERSION.orig.tar.gz
BOUNCER_SHA256=da72a3aba13072876d055a3e58dd4aba4a5de4ed6148e73033185245598fd3e0
BOUNCER_PREFIX=/opt/taskflow-pgbouncer-$BOUNCER_VERSION

install_packages() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v pg_isready >/dev/null 2>&1 || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
  install_pgbouncer
}

# Prints the path of a PgBouncer >= 1.21, if one is installed.
pgbouncer_binary() {
  local candidate version
  for candidate in "$BOUNCER_PREFIX/bin/pgbouncer" "$(command -v pgbouncer 2>/dev/null || true)"; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" --version 2>/dev/null | awk 'NR == 1 {print $2}')
    if printf '1.21\n%s\n' "$version" | sort -V -C; then echo "$candidate"; return 0; fi
  done
  return 1
}

install_pgbouncer() {
  pgbouncer_binary >/dev/null && return 0
  log "building PgBouncer $BOUNCER_VERSION into $BOUNCER_PREFIX (the packaged one is older than 1.21)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade curl gcc make pkg-config libevent-dev libssl-dev \
    libc-ares-dev >&2
  local work
  work=$(mktemp -d)
  curl -fsS --max-time 120 -o "$work/pgbouncer.tar.gz" "$BOUNCER_SOURCE"
  echo "$BOUNCER_SHA256  $work/pgbouncer.tar.gz" | sha256sum -c --quiet - >&2
  tar -xzf "$work/pgbouncer.tar.gz" -C "$work"
  (cd "$work/pgbouncer-$BOUNCER_VERSION" \
    && ./configure -q --prefix="$BOUNCER_PREFIX" --with-cares >/dev/null \
    && make -s -j"$(nproc)" >/dev/null 2>&1 && make -s install >/dev/null)
  rm -rf "$work"
  pgbouncer_binary >/dev/null || { log "PgBouncer $BOUNCER_VERSION did not build"; return 1; }
}

cluster_version() {
  pg_lsclusters -h | awk -v c="$PG_CLUSTER" '$2 == c {print $1; exit}'
}

start_postgres() {
  local version
  version=$(cluster_version)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    log "creating cluster $version/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$version" "$PG_CLUSTER" -p "$PG_PORT" >&2
  fi
  if ! pg_lsclusters -h | awk -v v="$version" -v c="$PG_CLUSTER" '$1 == v && $2 == c && $4 == "online" {found=1} END {exit !found}'; then
    log "starting PostgreSQL $version/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" start >&2
  fi
  wait_for pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  as_postgres "psql -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres" >&2 <<SQL
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER')
\gexec
ALTER ROLE $DB_USER WITH LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')
\gexec
SQL
}

stop_postgres() {
  local version
  version=$(cluster_version)
  [ -n "$version" ] && pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" stop -m fast >&2 || true
}

write_bouncer_config() {
  mkdir -p "$BOUNCER_DIR"
  cat > "$BOUNCER_DIR/pgbouncer.ini" <<INI
;; Written by scripts/local-services.sh: a local copy of Neon's pooled endpoint.
[databases]
* = host=127.0.0.1 port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $BOUNCER_DIR/userlist.txt
admin_users = $DB_USER
pool_mode = transaction
max_client_conn = 10000
default_pool_size = 40
max_db_connections = 60
reserve_pool_size = 0
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
query_wait_timeout = 120
max_prepared_statements = 500
pidfile = $BOUNCER_DIR/pgbouncer.pid
logfile = $BOUNCER_DIR/pgbouncer.log
INI
  printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$BOUNCER_DIR/userlist.txt"
  chown -R postgres:postgres "$BOUNCER_DIR"
  chmod 600 "$BOUNCER_DIR/userlist.txt"
}

bouncer_pid() {
  local pid
  pid=$(cat "$BOUNCER_DIR/pgbouncer.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

start_pgbouncer() {
  write_bouncer_config
  local pid
  pid=$(bouncer_pid)
  if [ -n "$pid" ]; then
    kill -HUP "$pid"
  else
    # Debian's packaged service may hold the port with its own, empty configuration.
    if pgrep -f '/etc/pgbouncer/pgbouncer.ini' >/dev/null 2>&1; then
      log "stopping the distribution's pgbouncer service"
      pkill -f '/etc/pgbouncer/pgbouncer.ini' || true
      sleep 1
    fi
    log "starting PgBouncer (transaction mode) on 127.0.0.1:$BOUNCER_PORT"
    as_postgres "$(pgbouncer_binary) -d -q $BOUNCER_DIR/pgbouncer.ini" >&2
  fi
  wait_for pg_isready -q -h 127.0.0.1 -p "$BOUNCER_PORT" -d "$DB_NAME"
}

stop_pgbouncer() {
  local pid
  pid=$(bouncer_pid)
  [ -n "$pid" ] || return 0
  kill -INT "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Bounded wait: 30 seconds at most.
wait_for() {
  for _ in $(seq 1 60); do "$@" && return 0; sleep 0.5; done
  log "timed out waiting for: $*"
  return 1
}

print_urls() {
  echo "DATABASE_URL=postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$BOUNCER_PORT/$DB_NAME"
  echo "MIGRATION_DATABASE_URL=postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
}

case "${1:-start}" in
  start) install_packages; start_postgres; start_pgbouncer; print_urls ;;
  start-postgres) install_packages; start_postgres ;;
  stop-postgres) stop_postgres ;;
  start-pgbouncer) start_pgbouncer ;;
  stop-pgbouncer) stop_pgbouncer ;;
  urls) print_urls ;;
  *) echo "usage: $0 [start|stop-pgbouncer|start-pgbouncer|stop-postgres|start-postgres|urls]" >&2; exit 2 ;;
esac
