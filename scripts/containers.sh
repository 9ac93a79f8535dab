#!/usr/bin/env bash
# Prepares, idempotently, a container engine for the image and the tests (docs/containers.md):
#   - a Docker engine that answers (`docker info`) is used as it is;
#   - otherwise Podman from Debian's packages, set up as these machines need it (runc rather than crun, explicit
#     rlimits, cgroupfs, file events), with local base images, since no registry can be reached:
#       localhost/debian:bookworm       debootstrap --variant=minbase, apt working inside
#       localhost/taskflow-jre:local    that plus a Java runtime jlinked from this machine's JDK >= 21
#       localhost/postgres:15-local     Debian's postgresql-15 with the official image's POSTGRES_* variables
#       localhost/pgbouncer:local       this machine's PgBouncer >= 1.21 (scripts/local-services.sh) for compose.yaml
#     and the Docker API on unix:///run/podman/podman.sock (for Testcontainers), when asked for with `socket`.
# Prints, on its last line of stdout, either `engine=podman` / `engine=docker`, or ONE line saying why containers
# cannot run here (then it exits 1). Every wait is bounded. Progress goes to stderr.
#
# Usage: scripts/containers.sh [prepare|socket|check|stop-socket]
#   prepare (default)  packages, configuration, base images
#   socket             prepare, then the API socket; also prints DOCKER_HOST=... before the engine line
#   check              no changes: says whether prepared containers can run now
#   stop-socket        stops the API socket service this script started
set -uo pipefail
cd "$(dirname "$0")/.."

DEBIAN_IMAGE=localhost/debian:bookworm
JRE_IMAGE=localhost/taskflow-jre:local
POSTGRES_IMAGE=localhost/postgres:15-local
# Raised whenever the PostgreSQL image's definition below changes, so that prepared machines rebuild it.
POSTGRES_REVISION=2
PGBOUNCER_IMAGE=localhost/pgbouncer:local
PGBOUNCER_REVISION=1
SOCKET=/run/podman/podman.sock
SOCKET_PID=/run/podman/taskflow-api.pid
STATE=/var/lib/taskflow-containers

log() { echo "containers: $*" >&2; }
cannot() { echo "containers cannot run here: $*"; exit 1; }

# Runs "$@" with a time bound (seconds in $1), its output to stderr.
bounded() { local seconds=$1; shift; timeout --kill-after=10 "$seconds" "$@" >&2; }

# A real Docker engine (not Podman's compatible API, which DOCKER_HOST may point at): used as it is.
docker_engine() {
  local info
  [ "${CONTAINER_ENGINE:-}" != podman ] && command -v docker >/dev/null 2>&1 || return 1
  info=$(timeout 10 docker info 2>/dev/null) || return 1
  ! printf '%s' "$info" | grep -qi podman
}

install_packages() {
  local missing=() package
  for package in podman runc debootstrap uidmap slirp4netns fuse-overlayfs; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || cannot "no podman and no apt-get to install it (${missing[*]} missing)"
  [ "$(id -u)" = 0 ] || cannot "installing ${missing[*]} needs root"
  log "installing ${missing[*]}"
  bounded 300 apt-get update -qq || cannot "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive bounded 600 apt-get install -y -qq "${missing[@]}" \
    || cannot "apt-get install ${missing[*]} failed"
}

# The note's two fixes: runc (crun 1.8 refuses this kernel's hybrid cgroups) and rlimits no higher than the
# hard limits root has here (Podman's defaults cannot be set: setrlimit fails).
configure_podman() {
  local nofile nproc pid_max conf
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu); pid_max=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 32768)
  [ "$nofile" = unlimited ] && nofile=1048576
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; then nproc=$pid_max; fi
  conf="# Written by taskflow's scripts/containers.sh (docs/containers.md).
[containers]
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]
[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\""
  mkdir -p /etc/containers
  if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$conf" ]; then
    if [ -s /etc/containers/containers.conf ] && ! grep -q "taskflow's scripts/containers.sh" /etc/containers/containers.conf; then
      cp /etc/containers/containers.conf "/etc/containers/containers.conf.before-taskflow"
      log "kept the previous /etc/containers/containers.conf as containers.conf.before-taskflow"
    fi
    printf '%s\n' "$conf" > /etc/containers/containers.conf
    log "wrote /etc/containers/containers.conf (runc, cgroupfs, nofile=$nofile, nproc=$nproc)"
  fi
  local info
  info=$(timeout 60 podman info 2>&1) || cannot "podman info failed: $(printf '%s' "$info" | grep -m1 -i 'error' || printf '%s' "$info" | tail -1)"
}

image_exists() { timeout 30 podman image exists "$1"; }

debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
  [ -n "$uri" ] || uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
  echo "${uri:-http://deb.debian.org/debian}"
}

build_debian_image() {
  image_exists "$DEBIAN_IMAGE" && return 0
  local rootfs
  rootfs=$(mktemp -d /var/tmp/taskflow-rootfs.XXXXXX)
  log "debootstrap bookworm (minbase) from $(debian_mirror) for $DEBIAN_IMAGE"
  if ! bounded 600 debootstrap --variant=minbase bookworm "$rootfs" "$(debian_mirror)"; then
    rm -rf "$rootfs"; cannot "debootstrap of Debian bookworm failed"
  fi
  # apt inside works as on the host: same sources, same apt settings.
  cp -a /etc/apt/sources.list.d/. "$rootfs/etc/apt/sources.list.d/" 2>/dev/null || true
  [ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
  rm -f "$rootfs"/etc/apt/sources.list.d/*.disabled-by-farm
  cp -a /etc/apt/apt.conf.d/. "$rootfs/etc/apt/apt.conf.d/" 2>/dev/null || true
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  if ! tar -C "$rootfs" -c . | timeout 300 podman import --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >&2; then
    rm -rf "$rootfs"; cannot "podman import of the Debian root file system failed"
  fi
  rm -rf "$rootfs"
}


# A Java runtime as eclipse-temurin's images lay it out (/opt/java/openjdk, on PATH, JAVA_HOME set), jlinked from
# this machine's JDK: the public base image's stand-in. Rebuilt when that JDK changes.
build_jre_image() {
  local jdk version work
  # shellcheck source=jdk.sh
  source scripts/jdk.sh
  select_jdk 2>/dev/null || cannot "no JDK 21 or newer on this machine to make the Java runtime image from"
  jdk=$JAVA_HOME
  version=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2; exit}')
  if image_exists "$JRE_IMAGE" \
    && [ "$(timeout 30 podman image inspect --format '{{index .Labels "dev.taskflow.java-version"}}' "$JRE_IMAGE")" = "$version" ]; then
    return 0
  fi
  work=$(mktemp -d /var/tmp/taskflow-jre.XXXXXX)
  log "jlinking a Java $version runtime from $jdk for $JRE_IMAGE"
  # Every module of the JDK except the development tools: what a JRE image carries.
  local modules
  modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' \
    | grep -Ev '^(jdk\.(compiler|jshell|javadoc|jdeps|jlink|jpackage|jartool|jdi|jconsole|hotspot\.agent|editpad|internal\.ed|internal\.le|internal\.opt|jstatd|jsobject|incubator\..*|graal\..*|internal\.vm\.compiler.*))$' \
    | paste -sd, -)
  if ! bounded 300 "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$work/openjdk"; then
    rm -rf "$work"; cannot "jlink of a Java runtime from $jdk failed"
  fi
  cat > "$work/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
COPY openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk LANG=C.UTF-8
ENV PATH=/opt/java/openjdk/bin:\$PATH
LABEL dev.taskflow.java-version="$version"
CMD ["java", "-version"]
EOF
  if ! bounded 300 podman build --format docker -t "$JRE_IMAGE" "$work"; then
    rm -rf "$work"; cannot "building $JRE_IMAGE failed"
  fi
  rm -rf "$work"
}

# PostgreSQL 15 from Debian's packages, honouring POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB like the
# official image, and logging "database system is ready to accept connections" twice (once for the initdb
# server, once for the real one) as Testcontainers' PostgreSQL module expects.
build_postgres_image() {
  if image_exists "$POSTGRES_IMAGE" && [ "$(timeout 30 podman image inspect --format \
    '{{index .Labels "dev.taskflow.revision"}}' "$POSTGRES_IMAGE")" = "$POSTGRES_REVISION" ]; then
    return 0
  fi
  local work
  work=$(mktemp -d /var/tmp/taskflow-postgres.XXXXXX)
  cat > "$work/entrypoint.sh" <<'EOF'
#!/bin/bash
set -e
PGBIN=/usr/lib/postgresql/15/bin
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" > "$pwfile"
  # UTF-8, as the official image's databases are (minbase has no locale: initdb would pick SQL_ASCII).
  "$PGBIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  "$PGBIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop
fi
if [ "${1:-postgres}" = postgres ]; then
  [ $# -gt 0 ] && shift
  exec "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"
EOF
  chmod 755 "$work/entrypoint.sh"
  cat > "$work/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 \\
 && rm -rf /var/lib/apt/lists/* && (pg_dropcluster 15 main || true)
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
LABEL dev.taskflow.revision="$POSTGRES_REVISION"
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
EOF
  log "building $POSTGRES_IMAGE from Debian's postgresql-15"
  if ! bounded 600 podman build --format docker -t "$POSTGRES_IMAGE" "$work"; then
    rm -rf "$work"; cannot "building $POSTGRES_IMAGE failed"
  fi
  rm -rf "$work"
}

# PgBouncer >= 1.21 for the compose stack without a registry: the binary scripts/local-services.sh builds (Debian
# bookworm packages 1.18, which drops prepared statements in transaction mode), with an entrypoint that takes the
# variables of edoburu/pgbouncer that compose.yaml sets. Left out, with a line saying so, where there is no such
# binary here: only the compose stack needs it.
build_pgbouncer_image() {
  local binary work
  binary=$(scripts/local-services.sh pgbouncer-binary 2>/dev/null) || { log "no PgBouncer >= 1.21 here: $PGBOUNCER_IMAGE not built"; return 0; }
  if image_exists "$PGBOUNCER_IMAGE" && [ "$(timeout 30 podman image inspect --format \
    '{{index .Labels "dev.taskflow.revision"}}' "$PGBOUNCER_IMAGE")" = "$PGBOUNCER_REVISION" ]; then
    return 0
  fi
  work=$(mktemp -d /var/tmp/taskflow-pgbouncer.XXXXXX)
  cp "$binary" "$work/pgbouncer"
  cat > "$work/entrypoint.sh" <<'EOF'
#!/bin/bash
# The subset of edoburu/pgbouncer's variables that compose.yaml uses.
set -e
conf=/etc/pgbouncer
printf '"%s" "%s"\n' "${DB_USER:?}" "${DB_PASSWORD:?}" > "$conf/userlist.txt"
cat > "$conf/pgbouncer.ini" <<INI
[databases]
${DB_NAME:-*} = host=${DB_HOST:?} port=${DB_PORT:-5432}
[pgbouncer]
listen_addr = ${LISTEN_ADDR:-0.0.0.0}
listen_port = ${LISTEN_PORT:-5432}
unix_socket_dir =
auth_type = ${AUTH_TYPE:-md5}
auth_file = $conf/userlist.txt
admin_users = ${ADMIN_USERS:-postgres}
pool_mode = ${POOL_MODE:-session}
max_client_conn = ${MAX_CLIENT_CONN:-100}
default_pool_size = ${DEFAULT_POOL_SIZE:-20}
max_prepared_statements = ${MAX_PREPARED_STATEMENTS:-0}
server_reset_query = ${SERVER_RESET_QUERY-DISCARD ALL}
ignore_startup_parameters = ${IGNORE_STARTUP_PARAMETERS:-extra_float_digits}
INI
exec "$@"
EOF
  chmod 755 "$work/entrypoint.sh"
  cat > "$work/Containerfile" <<EOF
FROM $DEBIAN_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libc-ares2 \\
    libevent-2.1-7 libssl3 postgresql-client-15 && rm -rf /var/lib/apt/lists/* \\
 && useradd --system --uid 70 --home-dir /etc/pgbouncer pgbouncer && mkdir -p /etc/pgbouncer \\
 && chown pgbouncer /etc/pgbouncer
COPY pgbouncer /usr/bin/pgbouncer
COPY entrypoint.sh /entrypoint.sh
LABEL dev.taskflow.revision="$PGBOUNCER_REVISION"
USER pgbouncer
EXPOSE 5432
ENTRYPOINT ["/entrypoint.sh"]
CMD ["/usr/bin/pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]
EOF
  log "building $PGBOUNCER_IMAGE from $binary ($("$binary" --version | head -1))"
  if ! bounded 600 podman build --format docker -t "$PGBOUNCER_IMAGE" "$work"; then
    rm -rf "$work"; cannot "building $PGBOUNCER_IMAGE failed"
  fi
  rm -rf "$work"
}

# A container must really start: the checks above pass on machines where runc then fails.
smoke_test() {
  local out
  out=$(timeout 120 podman run --rm --network none "$DEBIAN_IMAGE" true 2>&1) \
    || cannot "podman run failed: $(printf '%s' "$out" | grep -m1 -iE 'error|denied|not permitted' || printf '%s' "$out" | tail -1)"
}

socket_answers() { timeout 5 curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }

start_socket() {
  socket_answers && return 0
  command -v curl >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive bounded 300 apt-get install -y -qq curl
  mkdir -p "$(dirname "$SOCKET")"
  rm -f "$SOCKET"
  log "starting the Docker API on unix://$SOCKET (podman system service)"
  setsid podman system service --time=0 "unix://$SOCKET" >/var/log/taskflow-podman-api.log 2>&1 < /dev/null &
  echo $! > "$SOCKET_PID"
  for _ in $(seq 1 60); do socket_answers && return 0; sleep 0.5; done
  cannot "the Podman API socket $SOCKET did not answer within 30 s (see /var/log/taskflow-podman-api.log)"
}

stop_socket() {
  local pid
  pid=$(cat "$SOCKET_PID" 2>/dev/null || true)
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -f "$SOCKET_PID"
}

prepare() {
  [ "$(uname -s)" = Linux ] || cannot "Podman set-up is for Linux (found $(uname -s))"
  install_packages
  configure_podman
  build_debian_image
  smoke_test
  build_jre_image
  build_postgres_image
  build_pgbouncer_image
  mkdir -p "$STATE"
}

case "${1:-prepare}" in
  prepare)
    if docker_engine; then echo "engine=docker"; exit 0; fi
    prepare; echo "engine=podman" ;;
  socket)
    if docker_engine; then echo "engine=docker"; exit 0; fi
    prepare; start_socket; echo "DOCKER_HOST=unix://$SOCKET"; echo "engine=podman" ;;
  check)
    if docker_engine; then echo "engine=docker"; exit 0; fi
    command -v podman >/dev/null 2>&1 || cannot "no docker engine answers and podman is not installed (run scripts/containers.sh)"
    image_exists "$DEBIAN_IMAGE" || cannot "the local base images are not built (run scripts/containers.sh)"
    smoke_test; echo "engine=podman" ;;
  stop-socket) stop_socket ;;
  *) echo "usage: $0 [prepare|socket|check|stop-socket]" >&2; exit 2 ;;
esac
