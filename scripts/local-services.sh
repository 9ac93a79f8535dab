#!/usr/bin/env bash
# Installs and starts, idempotently, the local stand-ins for Neon's two endpoints:
#   PostgreSQL on 127.0.0.1:5432 (the direct endpoint), TLS optional, SCRAM-SHA-256 passwords, and
#   PgBouncer in transaction mode on 127.0.0.1:6432 (the pooled endpoint, without TLS), keeping protocol-level
#   prepared statements across server connections as Neon's pooler does (PgBouncer >= 1.21, max_prepared_statements),
#   and a second one on 127.0.0.1:6433 that, like Neon's, only takes TLS clients and verifies PostgreSQL's certificate.
# The certificates come from a local CA made here ($TLS_DIR/ca.crt), for host name localhost only (not 127.0.0.1),
# so tests can show what a host name the certificate does not name does. They are never part of the repository.
# All run as the postgres user. Prints the URLs to use as shell assignments.
#
# Usage: scripts/local-services.sh [start|stop-pgbouncer|start-pgbouncer|stop-postgres|start-postgres|urls|pgbouncer-binary]
# (start-pgbouncer and stop-pgbouncer act on both PgBouncers of the pair.)
#
# PG_CLUSTER, PG_PORT, BOUNCER_PORT and BOUNCER_DIR select another, private pair: the fault tests stop and start
# their own PostgreSQL cluster and PgBouncer that way, without disturbing anything else that uses the main ones.
# Such a pair gets no TLS PgBouncer unless BOUNCER_TLS_PORT is set.
set -euo pipefail

DB_USER=taskflow
DB_PASSWORD=taskflow
DB_NAME=taskflow
PG_CLUSTER=${PG_CLUSTER:-main}
PG_PORT=${PG_PORT:-5432}
BOUNCER_PORT=${BOUNCER_PORT:-6432}
BOUNCER_DIR=${BOUNCER_DIR:-/var/lib/postgresql/taskflow-pgbouncer}
# Empty: no TLS PgBouncer. Only the main pair has one by default.
BOUNCER_TLS_PORT=${BOUNCER_TLS_PORT-$([ "$BOUNCER_PORT" = 6432 ] && echo 6433 || true)}
BOUNCER_TLS_DIR=${BOUNCER_TLS_DIR:-$BOUNCER_DIR-tls}
TLS_DIR=/var/lib/postgresql/taskflow-tls
CERTIFICATES_CHANGED=false

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

# A local CA and a server certificate it signs, for DNS:localhost only; made once, again only when missing or about
# to expire. The server key is the postgres user's alone (PostgreSQL refuses a key others can read).
make_certificates() {
  if [ -s "$TLS_DIR/ca.crt" ] && [ -s "$TLS_DIR/server.key" ] \
    && openssl x509 -checkend 86400 -noout -in "$TLS_DIR/server.crt" >/dev/null 2>&1 \
    && openssl verify -CAfile "$TLS_DIR/ca.crt" "$TLS_DIR/server.crt" >/dev/null 2>&1; then
    return 0
  fi
  command -v openssl >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >&2
  log "making a local CA and a server certificate for localhost in $TLS_DIR"
  mkdir -p "$TLS_DIR"
  local work
  work=$(mktemp -d)
  # RSA with SHA-256: SCRAM channel binding (tls-server-end-point) needs a hash it can name.
  openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=Taskflow local CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/CN=Taskflow local server" \
    -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    > "$work/server.ext"
  openssl x509 -req -sha256 -days 825 -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
    -CAcreateserial -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null
  install -o postgres -g postgres -m 644 "$work/ca.crt" "$work/server.crt" "$TLS_DIR/"
  install -o postgres -g postgres -m 600 "$work/server.key" "$TLS_DIR/"
  # The CA's key is not kept: nothing else is ever signed with it, and a new CA is made with the next certificate.
  rm -rf "$work"
  chown postgres:postgres "$TLS_DIR"
  chmod 755 "$TLS_DIR"
  # A running PostgreSQL keeps the old certificate until it reloads (PgBouncer reloads on every start anyway).
  CERTIFICATES_CHANGED=true
}

# ssl = on with the local certificate (plain connections stay allowed, as a client asks), SCRAM-SHA-256 for TCP
# logins. Returns 0 when a file changed, so a running cluster reloads.
configure_postgres() {
  local version=$1 dir changed=1
  dir=/etc/postgresql/$version/$PG_CLUSTER
  local conf="ssl = on
ssl_cert_file = '$TLS_DIR/server.crt'
ssl_key_file = '$TLS_DIR/server.key'
password_encryption = 'scram-sha-256'"
  mkdir -p "$dir/conf.d"
  if [ "$(cat "$dir/conf.d/60-taskflow-tls.conf" 2>/dev/null)" != "$conf" ]; then
    printf '%s\n' "$conf" > "$dir/conf.d/60-taskflow-tls.conf"
    chown postgres:postgres "$dir/conf.d/60-taskflow-tls.conf"
    changed=0
  fi
  # A 'host' line takes both TLS and plain connections; trust or md5 on loopback would hide what Neon checks.
  if grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+(trust|md5|password)[[:space:]]*$' "$dir/pg_hba.conf"; then
    sed -E -i 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+)(trust|md5|password)[[:space:]]*$#\1scram-sha-256#' \
      "$dir/pg_hba.conf"
    changed=0
  fi
  return $changed
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
  make_certificates
  local reload=$CERTIFICATES_CHANGED
  configure_postgres "$version" && reload=true
  if ! pg_lsclusters -h | awk -v v="$version" -v c="$PG_CLUSTER" '$1 == v && $2 == c && $4 == "online" {found=1} END {exit !found}'; then
    log "starting PostgreSQL $version/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" start >&2
  fi
  wait_for pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  if [ "$reload" = true ]; then
    log "reloading PostgreSQL $version/$PG_CLUSTER for TLS and SCRAM"
    as_postgres "psql -q -X -p $PG_PORT -d postgres -c 'SELECT pg_reload_conf()'" >/dev/null
  fi
  # The password is stored as a SCRAM verifier whatever the cluster's default was when the role was made.
  as_postgres "psql -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres" >&2 <<SQL
SET password_encryption = 'scram-sha-256';
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

# Settings both PgBouncers share: Neon's pooler in transaction mode, keeping prepared statements.
bouncer_common() {
  cat <<INI
auth_type = scram-sha-256
auth_file = $1/userlist.txt
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
pidfile = $1/pgbouncer.pid
logfile = $1/pgbouncer.log
INI
}

write_bouncer_files() {
  local dir=$1 ini=$2
  mkdir -p "$dir"
  printf '%s\n' "$ini" > "$dir/pgbouncer.ini"
  printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$dir/userlist.txt"
  chown -R postgres:postgres "$dir"
  chmod 600 "$dir/userlist.txt"
}

write_bouncer_config() {
  # No TLS on either side (PgBouncer would otherwise prefer it towards PostgreSQL): the plain endpoint the suite
  # and the benchmarks use, and a server without TLS for the tests that need one.
  write_bouncer_files "$BOUNCER_DIR" ";; Written by scripts/local-services.sh: a local copy of Neon's pooled endpoint, without TLS.
[databases]
* = host=127.0.0.1 port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
server_tls_sslmode = disable
$(bouncer_common "$BOUNCER_DIR")"
}

write_tls_bouncer_config() {
  # As Neon's: clients must use TLS (the certificate names localhost), and PostgreSQL's certificate is verified.
  write_bouncer_files "$BOUNCER_TLS_DIR" ";; Written by scripts/local-services.sh: a local copy of Neon's pooled endpoint, TLS only.
[databases]
* = host=localhost port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_TLS_PORT
unix_socket_dir =
client_tls_sslmode = require
client_tls_cert_file = $TLS_DIR/server.crt
client_tls_key_file = $TLS_DIR/server.key
server_tls_sslmode = verify-full
server_tls_ca_file = $TLS_DIR/ca.crt
$(bouncer_common "$BOUNCER_TLS_DIR")"
}

bouncer_pid() {
  local pid
  pid=$(cat "$1/pgbouncer.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# Starts (or reloads) the PgBouncer whose files are in $1, listening on $2.
run_bouncer() {
  local dir=$1 port=$2 pid
  pid=$(bouncer_pid "$dir")
  if [ -n "$pid" ]; then
    kill -HUP "$pid"
  else
    # Debian's packaged service may hold the port with its own, empty configuration.
    if pgrep -f '/etc/pgbouncer/pgbouncer.ini' >/dev/null 2>&1; then
      log "stopping the distribution's pgbouncer service"
      pkill -f '/etc/pgbouncer/pgbouncer.ini' || true
      sleep 1
    fi
    log "starting PgBouncer (transaction mode) on 127.0.0.1:$port"
    as_postgres "$(pgbouncer_binary) -d -q $dir/pgbouncer.ini" >&2
  fi
  wait_for pg_isready -q -h 127.0.0.1 -p "$port" -d "$DB_NAME"
}

start_pgbouncer() {
  write_bouncer_config
  run_bouncer "$BOUNCER_DIR" "$BOUNCER_PORT"
  if [ -n "$BOUNCER_TLS_PORT" ]; then
    make_certificates
    write_tls_bouncer_config
    run_bouncer "$BOUNCER_TLS_DIR" "$BOUNCER_TLS_PORT"
  fi
}

stop_bouncer() {
  local pid
  pid=$(bouncer_pid "$1")
  [ -n "$pid" ] || return 0
  kill -INT "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_pgbouncer() {
  stop_bouncer "$BOUNCER_DIR"
  if [ -n "$BOUNCER_TLS_PORT" ]; then stop_bouncer "$BOUNCER_TLS_DIR"; fi
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
  if [ -n "$BOUNCER_TLS_PORT" ]; then
    echo "# With TLS as Neon serves it, certificate checked against the local CA:"
    echo "# DATABASE_URL='postgresql://$DB_USER:$DB_PASSWORD@localhost:$BOUNCER_TLS_PORT/$DB_NAME?sslmode=verify-full&sslrootcert=$TLS_DIR/ca.crt'"
    echo "# MIGRATION_DATABASE_URL='postgresql://$DB_USER:$DB_PASSWORD@localhost:$PG_PORT/$DB_NAME?sslmode=verify-full&sslrootcert=$TLS_DIR/ca.crt&channel_binding=require'"
  fi
}

case "${1:-start}" in
  start) install_packages; start_postgres; start_pgbouncer; print_urls ;;
  start-postgres) install_packages; start_postgres ;;
  stop-postgres) stop_postgres ;;
  start-pgbouncer) start_pgbouncer ;;
  stop-pgbouncer) stop_pgbouncer ;;
  pgbouncer-binary) pgbouncer_binary ;;
  urls) print_urls ;;
  *) echo "usage: $0 [start|stop-pgbouncer|start-pgbouncer|stop-postgres|start-postgres|urls|pgbouncer-binary]" >&2; exit 2 ;;
esac
