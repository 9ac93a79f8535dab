#!/usr/bin/env bash
# The settings experiments behind bench/README.md's tuning section: one wrk scenario (SCENARIO=get, get by id, by
# default; or create, list, mix) under each variant below, a fresh server per variant and run, ROUNDS rounds
# interleaved (the machine is shared, and a disturbed run only ever loses throughput, so the best round is the
# estimate), written to bench/results/sweep.md (sweep-SCENARIO.md for the others).
#
#   bench/sweep.sh                 every variant (about 13 minutes), a new table
#   bench/sweep.sh pool-5 pool-20  more rounds of the named ones, added to the table (to re-measure disturbed ones)
#   SET=jvm bench/sweep.sh         the JVM flag variants instead (garbage collector, object headers, huge pages),
#                                  with the bench's settings, written to sweep-jvm.md (sweep-jvm-SCENARIO.md); 120 s
#                                  of warm-up and 3 rounds by default, as C2 still compiles after 60 s on some hosts
#
# DURATION (15) and WARMUP (30: the JIT needs that long for these call chains) are seconds per run, ROUNDS (2),
# CONNECTIONS (64) the wrk connections. Uses the database bench/run.sh seeded when it is there, else seeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

SET=${SET:-settings}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-$([ "$SET" = jvm ] && echo 120 || echo 30)}
ROUNDS=${ROUNDS:-$([ "$SET" = jvm ] && echo 3 || echo 2)}
CONNECTIONS=${CONNECTIONS:-64}
SCENARIO=${SCENARIO:-get}
[ -f "bench/lua/$SCENARIO.lua" ] || { echo "sweep: no scenario bench/lua/$SCENARIO.lua" >&2; exit 2; }
case "$SET" in
  settings) NAME=sweep ;;
  jvm) NAME=sweep-jvm ;;
  *) echo "sweep: SET is settings or jvm, not $SET" >&2; exit 2 ;;
esac
REPORT="bench/results/$NAME.md"
[ "$SCENARIO" = get ] || REPORT="bench/results/$NAME-$SCENARIO.md"
PORT=18085
DEFAULT_JAVA="-Xms512m -Xmx512m -XX:+UseG1GC -XX:+AlwaysPreTouch"

# name | settings (NAME=VALUE …) | JVM flags. The first is the application's own defaults.
VARIANTS=(
  "app-defaults|DB_POOL_SIZE=5 DB_MAX_OVERFLOW=5 DB_POOL_PRE_PING=true|"
  "pre-ping-off|DB_POOL_SIZE=5 DB_MAX_OVERFLOW=5 DB_POOL_PRE_PING=false|"
  "pool-5|DB_POOL_SIZE=5 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false|$DEFAULT_JAVA"
  "pool-10|DB_POOL_SIZE=10 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false|$DEFAULT_JAVA"
  "pool-20|DB_POOL_SIZE=20 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false|$DEFAULT_JAVA"
  "pool-40|DB_POOL_SIZE=40 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false|$DEFAULT_JAVA"
  "pool-10-pre-ping|DB_POOL_SIZE=10 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=true|$DEFAULT_JAVA"
  "http-loops-2|DB_POOL_SIZE=10 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false|$DEFAULT_JAVA -Dreactor.netty.ioWorkerCount=2"
)

# The bench's own settings and JVM flags (bench/lib.sh), then one change of collector, object layout or pages at a time.
BENCH_SETTINGS="DB_POOL_SIZE=10 DB_MAX_OVERFLOW=0 DB_POOL_PRE_PING=false"
HEAP="-Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dreactor.netty.ioWorkerCount=2"
JVM_VARIANTS=(
  "g1|$BENCH_SETTINGS|$HEAP -XX:+UseG1GC"
  "parallel|$BENCH_SETTINGS|$HEAP -XX:+UseParallelGC"
  "g1-compact-headers|$BENCH_SETTINGS|$HEAP -XX:+UseG1GC -XX:+UseCompactObjectHeaders"
  "parallel-compact-headers|$BENCH_SETTINGS|$HEAP -XX:+UseParallelGC -XX:+UseCompactObjectHeaders"
  "parallel-huge-pages|$BENCH_SETTINGS|$HEAP -XX:+UseParallelGC -XX:+UseTransparentHugePages"
)
[ "$SET" = jvm ] && VARIANTS=("${JVM_VARIANTS[@]}")

trap cleanup EXIT
mkdir -p "$RAW"
ensure_packages
start_services
build_app
if [ ! -s "$RAW/users.txt" ] || ! psql_bench -c "SELECT 1 FROM tasks LIMIT 1" >/dev/null 2>&1; then
  fresh_database
  seed_data 1000 100
fi
MAX_TASK_ID=$(psql_bench -c "SELECT max(id) FROM tasks")

SWEEP="$RAW/$NAME-$SCENARIO.tsv"
[ $# -gt 0 ] || : > "$SWEEP"
for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    IFS='|' read -r name settings java_opts <<< "$variant"
    if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
    log "round $round, variant $name: $settings ${java_opts:-(JVM defaults)}"
    (
      DB_POOL_SIZE=5 DB_MAX_OVERFLOW=5 DB_POOL_PRE_PING=true BENCH_JAVA_OPTS="$java_opts"
      eval "export $settings"
      start_server "$PORT"
      echo "$SERVER_PID" > "$RAW/sweep-server.pid"
    )
    pid=$(cat "$RAW/sweep-server.pid")
    SERVER_PIDS+=("$pid")
    : > "$RESULTS.sweep-one"
    RESULTS="$RESULTS.sweep-one" run_wrk "$SCENARIO" "$SCENARIO" "$CONNECTIONS" "$PORT"
    awk -F'\t' -v n="$name" -v s="$settings" -v j="${java_opts:-(defaults)}" -v r="$round" \
      '{printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, s, j, r, $5, $6, $7, $9 + $10, $13, $14, $15}' "$RESULTS.sweep-one" >> "$SWEEP"
    stop_server "$pid"
  done
done
rm -f "$RESULTS.sweep-one" "$RAW/sweep-server.pid"

{
  echo "# $([ "$SET" = jvm ] && echo "JVM flags" || echo "Settings") sweep: $([ "$SCENARIO" = get ] && echo "get by id" || echo "$SCENARIO")"
  echo
  echo "Made by \`bench/sweep.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) at commit \`$(git rev-parse --short HEAD)\`, $(nproc) cores:"
  echo "wrk, $CONNECTIONS connections, ${WARMUP} s warm-up then ${DURATION} s, a fresh server per run, $ROUNDS rounds"
  echo "(a variant re-measured with \`bench/sweep.sh NAME…\` has more)."
  echo "CPU µs/request: the server's, and PostgreSQL's plus PgBouncer's, per request (robust to other load). Other"
  echo "load: CPU (% of one core) used meanwhile by processes outside the benchmark."
  echo
  echo "| Variant | Settings | JVM flags | Best requests/s | p50 ms | p99 ms | Errors | CPU µs/request: server, database | Other load | All rounds (requests/s, other load) |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '
    { key = $1; if (!(key in best) || $5 > best[key]) { best[key] = $5; line[key] = $0 }
      rounds[key] = rounds[key] (rounds[key] == "" ? "" : ", ") sprintf("%.0f (%d%%)", $5, $9)
      if (!(key in seen)) { order[++n] = key; seen[key] = 1 } }
    END { for (i = 1; i <= n; i++) { split(line[order[i]], f, "\t")
            printf "| %s | `%s` | `%s` | %.0f | %.1f | %.1f | %d | %d, %d | %d%% | %s |\n", f[1], f[2], f[3], f[5], f[6], f[7], f[8], f[10], f[11], f[9], rounds[order[i]] } }' "$SWEEP"
} > "$REPORT"
cat "$REPORT"
