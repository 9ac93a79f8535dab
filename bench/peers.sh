#!/usr/bin/env bash
# Taskflow beside the servers a user would pick instead, in one sitting: bench/peers.sh
#
# Needs ../shared/peers (the peers and their kit; this repository does not need it otherwise). Builds the jar, and
# the peers in a copy of the kit under target/, when missing, runs the kit's compare.sh (Taskflow's target/taskflow.jar, Spring MVC on virtual threads,
# the lean WebFlux peer, Vert.x, and pgbench with the peers' SQL, one at a time, through the local PgBouncer, each
# server with 20 pooled connections and -Xms1g -Xmx1g), then writes bench/results/peers.md: requests per second,
# p50/p99, and CPU per request of the server and of PostgreSQL plus PgBouncer, from the kit's CPU split.
#
# CONNECTIONS ("64 256") and PEER_SECONDS (10, per measured run; the kit warms each server up first). About 20 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

PEERS=${PEERS_DIR:-../shared/peers}
CONNECTIONS=${CONNECTIONS:-"64 256"}
SECONDS_PER_RUN=${PEER_SECONDS:-10}
REPORT=bench/results/peers.md
[ -x "$PEERS/compare.sh" ] || die "no peers kit at $PEERS (it comes with ../shared/peers)"
trap cleanup EXIT

ensure_packages
start_services
build_app
# The kit is copied, and the peers built, under target/: nothing is written into ../shared.
KIT=target/peers-kit
if [ ! -f "$KIT/mvc-vt/target/peer-mvc.jar" ] || [ ! -f "$KIT/vertx/target/peer-vertx.jar" ] \
    || [ ! -f "$KIT/webflux-min/target/peer-webflux-min.jar" ]; then
  log "copying the peers kit to $KIT and building the peers"
  rm -rf "$KIT" && mkdir -p "$KIT" && cp -r "$PEERS/." "$KIT/" && chmod -R u+w "$KIT"
  command -v mvn >/dev/null || apt-get install -y -qq maven >/dev/null
  JAVA_HOME="$JAVA_HOME" "$KIT/build.sh" >&2
fi

out="$RAW/peers/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log "compare.sh \"$CONNECTIONS\" $SECONDS_PER_RUN (about 20 minutes); raw output in $out"
OUT="$out" "$KIT/compare.sh" "$CONNECTIONS" "$SECONDS_PER_RUN" > "$out/compare.log" 2>&1 || log "compare.sh exited $?"

# summary.txt holds, per server and connection count, bench.sh's lines ("LABEL cN scenario rps p50 p99 non2xx") each
# followed by its "# scenario cpu% (100 = one core): server S postgres P pgbouncer B …" line; pgbench's lines are
# "script target conns tps lat_avg_ms failed".
awk '
  /^# [0-9:]+ / { next }
  $1 ~ /^(taskflow|mvc|webflux|vertx)$/ && $2 ~ /^c[0-9]+$/ && $3 ~ /^(get_by_id|list|create)$/ {
    server_conns = $1 " " substr($2, 2); key = server_conns " " $3
    rps[key] = $4; p50[key] = $5; p99[key] = $6; errors[key] = $7; order[++n] = key; next }
  /^# (get_by_id|list|create) cpu%/ && server_conns != "" {
    key = server_conns " " $2; s = 0; p = 0; b = 0
    for (i = 1; i <= NF; i++) { if ($i == "server") s = $(i + 1); if ($i == "postgres") p = $(i + 1); if ($i == "pgbouncer") b = $(i + 1) }
    server[key] = s; db[key] = p + b; next }
  $1 ~ /^(select|list|insert)$/ && $2 ~ /^pgbouncer/ { pg[++m] = sprintf("- pgbench %s through PgBouncer, %s clients: %s transactions/s", $1, $3, $4) }
  END {
    print "| Server | Connections | Scenario | Requests/s | p50 ms | p99 ms | Errors | CPU µs/request: server | database (PostgreSQL + PgBouncer) |"
    print "|---|---:|---|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { k = order[i]; split(k, f, " ")
      us = rps[k] > 0 ? server[k] * 10000 / rps[k] : 0; dus = rps[k] > 0 ? db[k] * 10000 / rps[k] : 0
      printf "| %s | %s | %s | %.0f | %.1f | %.1f | %s | %.0f | %.0f |\n", f[1], f[2], f[3], rps[k], p50[k], p99[k], errors[k], us, dus }
    print ""
    for (i = 1; i <= m; i++) print pg[i] }' "$out/summary.txt" > "$out/table.md"

{
  echo "# Taskflow beside its peers"
  echo
  echo "Made by \`bench/peers.sh\` (the kit's \`compare.sh \"$CONNECTIONS\" $SECONDS_PER_RUN\`) on $started at commit"
  echo "\`$(git rev-parse --short HEAD)\`, $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); one server at a time,"
  echo "through the local PgBouncer (transaction mode), 20 pooled connections and \`-Xms1g -Xmx1g\` each, the same seeded rows"
  echo "(1,000 users × 100 tasks). CPU per request: the server's share of the CPU split over requests per second,"
  echo "and PostgreSQL's plus PgBouncer's likewise; the kit's README says how to read them."
  echo
  cat "$out/table.md"
} > "$REPORT"
cat "$REPORT"
