#!/usr/bin/env bash
# Two stateless instances on one database, as behind a load balancer: the mix scenario split between them, then
# the feed with every stream on instance B while every write goes through instance A (events cross instances
# only through PostgreSQL: the outbox table and NOTIFY). Checks that nothing fails and no event is lost, and
# writes bench/results/two-instances.md. Both instances share this machine's two cores, so the combined rate
# shows correctness and the cost of a second JVM, not scale-out.
#
# Settings as in bench/run.sh: DURATION (20), JIT_WARMUP (30), CONNECTIONS (256, split evenly), USERS, TASKS_PER_USER,
# FEED_SUBSCRIBERS (1000), FEED_RATE (500), DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_PRE_PING, BENCH_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

DURATION=${DURATION:-20}
JIT_WARMUP=${JIT_WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-256}
FEED_SUBSCRIBERS=${FEED_SUBSCRIBERS:-1000}
FEED_RATE=${FEED_RATE:-500}
PORT_A=18081
PORT_B=18082
OUT=bench/results/two-instances.md

# wrk with the mix script against both instances at once, half the connections each; prints one RESULT line per
# instance (see bench/lua/common.lua).
split_mix() {
  local seconds=$1 half=$((CONNECTIONS / 2)) port jobs=()
  for port in "$PORT_A" "$PORT_B"; do
    (ulimit -n "$(ulimit -Hn)"; wrk -t 1 -c "$half" -d "${seconds}s" --timeout 10s -s bench/lua/mix.lua \
      "http://127.0.0.1:$port" -- "$RAW/users.txt" > "$RAW/two-instances-wrk-$port.txt") &
    jobs+=($!)
  done
  # Only these two: the servers are background jobs of this shell too.
  wait "${jobs[@]}"
}

trap cleanup EXIT
mkdir -p "$RAW"
ensure_packages
start_services
build_app
fresh_database
seed_data "$USERS" "$TASKS_PER_USER"

start_server "$PORT_A"
pid_a=$SERVER_PID
start_server "$PORT_B"
pid_b=$SERVER_PID

log "mix split over two instances: warm-up $JIT_WARMUP s, then $DURATION s"
split_mix "$JIT_WARMUP"
split_mix "$DURATION"

log "feed: $FEED_SUBSCRIBERS streams on instance B, $FEED_RATE events/s (batch creates) through instance A"
: > "$RAW/two-instances-feed.tsv"
feed_status=0
(
  ulimit -n "$(ulimit -Hn)"
  java -Xmx1g bench/FeedBench.java --url "http://127.0.0.1:$PORT_B" --write-url "http://127.0.0.1:$PORT_A" \
    --tokens "$RAW/tokens.txt" --subscribers "$FEED_SUBSCRIBERS" --rate "$FEED_RATE" --seconds "$DURATION" \
    --probe-seconds 0 --server-pid "$pid_b" --label "A→B" --out "$RAW/two-instances-feed.tsv"
) > "$RAW/two-instances-feed.txt" || feed_status=$?
cat "$RAW/two-instances-feed.txt"

stop_server "$pid_a"
stop_server "$pid_b"

{
  echo "# Two instances"
  echo
  echo "Made by \`bench/two-instances.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) at commit \`$(git rev-parse --short HEAD)\`, $(nproc) cores"
  echo "shared by both instances, PgBouncer and PostgreSQL; each instance DB_POOL_SIZE=$DB_POOL_SIZE, DB_MAX_OVERFLOW=$DB_MAX_OVERFLOW,"
  echo "DB_POOL_PRE_PING=$DB_POOL_PRE_PING, JVM \`$BENCH_JAVA_OPTS\`."
  echo
  echo "## The mix (80% reads, 15% creates, 5% patches), $CONNECTIONS connections split evenly, $DURATION s"
  echo
  echo "| Instance | Requests/s | p50 ms | p99 ms | max ms | Non-2xx | Socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for port in "$PORT_A" "$PORT_B"; do
    awk -F'\t' -v p="$port" '/^RESULT/ {printf "| 127.0.0.1:%s | %.0f | %.1f | %.1f | %.1f | %d | %d |\n", p, $4, $5, $6, $7, $8, $9}' \
      "$RAW/two-instances-wrk-$port.txt"
  done
  cat "$RAW"/two-instances-wrk-*.txt | awk -F'\t' '/^RESULT/ {r += $4; e += $8 + $9} END {printf "| both | %.0f | | | | %d errors in all | |\n", r, e}'
  echo
  echo "## The feed across instances"
  echo
  echo "Streams on B ($PORT_B), creates through A ($PORT_A); every created task is also read back through B."
  echo
  echo "| Streams | Events/s (target) | Delivery p50 ms | p99 ms | max ms | Lost (of deliveries) | Errors | Read back through B |"
  echo "|---:|---|---:|---:|---:|---|---:|---|"
  awk -F'\t' '{printf "| %d | %.0f (%d) | %s | %s | %s | %d (of %d) | %d | %s |\n", $2, $4, $3, $5, $6, $7, $8, $9, $15, $16}' \
    "$RAW/two-instances-feed.tsv"
  echo
  echo "Issue 5 asks that an event committed through one instance reach subscribers on another within a second:"
  echo "compare the max delivery latency above with 1,000 ms."
} > "$OUT"
cat "$OUT"
log "wrote $OUT"
exit "$feed_status"
