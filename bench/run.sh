#!/usr/bin/env bash
# The benchmark in one command: bench/run.sh
#
# Installs what is missing (wrk, gnuplot, pgbench), starts PostgreSQL (direct, 5432) and PgBouncer in transaction
# mode (pooled, 6432), builds the jar, seeds a fresh database, measures pgbench's baselines, starts the server on
# the pooled URL and drives every scenario of the benchmark issue with wrk and bench/FeedBench.java, then writes
# bench/results/latest.md and bench/results/latency-throughput.png. Stops whatever it started, even on failure.
#
# Settings (environment variables; the defaults keep a run near 20 minutes on 2 cores):
#   DURATION=20          seconds each measured run lasts (wrk and pgbench); WARMUP=5 seconds of warm-up before each,
#   JIT_WARMUP=120       seconds of the mix once the server is up, before anything is measured
#   CONNECTIONS="64 256" wrk connections and pgbench clients; the overload run uses 4 × the largest
#   USERS=1000 TASKS_PER_USER=100    the seed
#   FEED_SUBSCRIBERS="1000 10000" FEED_RATE=1000 FEED_BATCH=10   SSE streams, and events per second while they
#                        listen, written as batch creates of FEED_BATCH tasks; a count above USERS runs twice, with
#                        one stream per user (users seeded for it) and with several streams per seeded user
#   DB_POOL_SIZE=10 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false    the server's pool (bench/README.md says why)
#   BENCH_JAVA_OPTS      the server's JVM flags (likewise)
#   SCENARIOS="baselines bare floor get list create mix overload notify feed peers"   a subset, for quick experiments
#                        (peers: bench/peers.sh beside Spring MVC, WebFlux and Vert.x, where ../shared/peers is present)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-120}
CONNECTIONS=${CONNECTIONS:-"64 256"}
FEED_SUBSCRIBERS=${FEED_SUBSCRIBERS:-"1000 10000"}
FEED_RATE=${FEED_RATE:-1000}
FEED_BATCH=${FEED_BATCH:-10}
SCENARIOS=${SCENARIOS:-"baselines bare floor get list create mix overload notify feed peers"}
PORT=18080

wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }

trap cleanup EXIT
mkdir -p "$RAW"
: > "$RESULTS"
: > "$FEED_RESULTS"
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

ensure_packages
start_services
build_app
fresh_database
seed_data "$USERS" "$TASKS_PER_USER"

largest=0
for c in $CONNECTIONS; do [ "$c" -gt "$largest" ] && largest=$c; done
# Baselines first, with the server not yet running, so pgbench has the machine to itself as the server will.
wants baselines && for c in $CONNECTIONS; do
  run_pgbench select pooled "$c" select.sql
  run_pgbench insert pooled "$c" insert.sql
  run_pgbench mix pooled "$c" select.sql@80 insert.sql@15 update.sql@5
done
wants baselines && for c in $CONNECTIONS; do
  cap=$(direct_client_cap)
  [ "$c" -gt "$cap" ] && log "direct: $c clients capped to $cap (max_connections)" && c=$cap
  run_pgbench select direct "$c" select.sql
  run_pgbench insert direct "$c" insert.sql
done
wants baselines && restore_seeded_tasks

# HTTP alone on this host: bare Reactor Netty (bench/BareHttp.java) answering the floor's requests with the JVM
# flags of the server, before the server starts. Reactor Netty's path is short: 30 s of load warms it up.
if wants bare; then
  log "bare HTTP server (Reactor Netty alone)"
  bare_seconds=$((30 + (WARMUP + DURATION) * $(wc -w <<< "$CONNECTIONS") + 60))
  (ulimit -n "$(ulimit -Hn)"; exec java $BENCH_JAVA_OPTS -cp "target/bench-app/lib/*" bench/BareHttp.java "$PORT" "$bare_seconds") \
    > "$RAW/server-bare.log" 2>&1 &
  SERVER_PIDS+=("$!")
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.5; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" || die "the bare server did not start (log: $RAW/server-bare.log)"
  (ulimit -n "$(ulimit -Hn)"; wrk -t 2 -c 64 -d 30s -s bench/lua/floor.lua "http://127.0.0.1:$PORT" -- "$RAW/users.txt" >/dev/null)
  for c in $CONNECTIONS; do run_wrk bare floor "$c" "$PORT"; done
  stop_server "${SERVER_PIDS[-1]}"
  SERVER_PIDS=()
fi

start_server "$PORT"
server_pid=$SERVER_PID
# The call chains are deep: C2 compiles for well over a minute of load before the figures settle (bench/README.md).
log "warming up the JIT for $JIT_WARMUP s"
(ulimit -n "$(ulimit -Hn)"; wrk -t 2 -c 64 -d "${JIT_WARMUP}s" -s bench/lua/mix.lua "http://127.0.0.1:$PORT" -- "$RAW/users.txt" >/dev/null)
# The warm-up's creates (about a third more tasks per user) go, so the scenarios meet the data the report names.
restore_seeded_tasks

# The floor: GET /health with a token, get by id's whole path except the statement (bench/lua/floor.lua).
for scenario in floor get list create mix; do
  wants "$scenario" || continue
  for c in $CONNECTIONS; do run_wrk "$scenario" "$scenario" "$c" "$PORT"; done
done
if wants overload; then
  run_wrk overload overload "$((largest * 4))" "$PORT"
fi

# What the NOTIFY of every change costs PostgreSQL, with the server's LISTEN session open as in production: the
# feed's create statement without NOTIFY, with it inside the transaction (the textbook way, which the server does
# not use), and with it in its own statement right after the commit (what the server does, except that it sends the
# NOTIFYs of concurrent writes together, over its own session, so this is its worst case).
if wants notify; then
  first=${CONNECTIONS%% *}
  run_pgbench create-event pooled "$first" create-with-event.sql
  run_pgbench create-event-notify pooled "$first" create-with-event-notify.sql
  run_pgbench create-event-notify-after pooled "$first" create-with-event-notify-after.sql
fi

# Usage: run_feed STREAMS TOKENS_FILE LABEL: STREAMS streams, spread over the users whose tokens the file holds.
run_feed() {
  local k=$1 tokens=$2 label=$3
  log "feed: $k subscribers over $(wc -l < "$tokens" | awk -v k="$k" '{print ($1 < k ? $1 : k)}') users, $FEED_RATE events/s (batches of $FEED_BATCH) for $DURATION s"
  (
    ulimit -n "$(ulimit -Hn)"
    java -Xmx1g bench/FeedBench.java --url "http://127.0.0.1:$PORT" --tokens "$tokens" --subscribers "$k" \
      --rate "$FEED_RATE" --batch "$FEED_BATCH" --seconds "$DURATION" --probe-seconds "$((DURATION / 2))" \
      --server-pid "$server_pid" --histogram "$RAW/$label-heap-histogram.txt" --label "$label" --out "$FEED_RESULTS" \
      --before-probe "$CHECKPOINT_COMMAND"
  ) || log "$label missed its checks (see the line above)"
}

# Each count of streams twice when it exceeds the seeded users: first one stream per user (users seeded for it, one
# task each), then spread over the seeded users, several streams each, so that every write goes out several times.
if wants feed; then
  for k in $FEED_SUBSCRIBERS; do
    if [ "$k" -gt "$USERS" ]; then
      log "seeding $k more users for one stream each"
      app seed --users "$k" --tasks-per-user 1 --tokens-out "$RAW/feed-tokens-$k.txt" >/dev/null
      run_feed "$k" "$RAW/feed-tokens-$k.txt" "feed-$k-one-per-user"
    fi
    run_feed "$k" "$RAW/tokens.txt" "feed-$k"
  done
fi

stop_server "$server_pid"

# Beside the servers a user would pick instead (Spring MVC on virtual threads, the lean WebFlux peer, Vert.x), in
# the same sitting: only where ../shared/peers is present; nothing else here needs it.
rm -f "$RAW/peers-run.md"
if wants peers; then
  if [ -x ../shared/peers/compare.sh ]; then
    bench/peers.sh && cp bench/results/peers.md "$RAW/peers-run.md"
  else
    log "peers: no ../shared/peers here, skipped"
  fi
fi

cat > "$RAW/settings.env" <<EOF
started_at=$started_at
command=bench/run.sh
duration=$DURATION
warmup=$WARMUP
jit_warmup=$JIT_WARMUP
connections=$CONNECTIONS
users=$USERS
tasks_per_user=$TASKS_PER_USER
feed_rate=$FEED_RATE
feed_batch=$FEED_BATCH
db_pool_size=$DB_POOL_SIZE
db_max_overflow=$DB_MAX_OVERFLOW
db_pool_pre_ping=$DB_POOL_PRE_PING
java_opts=$BENCH_JAVA_OPTS
EOF
bench/report.sh
