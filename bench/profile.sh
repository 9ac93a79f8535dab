#!/usr/bin/env bash
# Profiles the server under one scenario (SCENARIO=get, the default: get by id; or create, list, mix, floor, the
# scripts of bench/lua): JDK Flight Recorder for where the JVM's time goes, and /proc for how the machine's two
# cores are shared (per process) and which server threads do the work. Writes bench/results/profile.md for get by
# id, bench/results/profile-SCENARIO.md for the others; the recording stays in bench/results/raw/SCENARIO.jfr for
# `jfr` or JMC.
#
# Settings as in bench/run.sh (DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_PRE_PING, BENCH_JAVA_OPTS); DURATION (20)
# seconds recorded after WARMUP (90) seconds, CONNECTIONS (64). Uses the database bench/run.sh seeded, or seeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-90}
CONNECTIONS=${CONNECTIONS:-64}
SCENARIO=${SCENARIO:-get}
[ -f "bench/lua/$SCENARIO.lua" ] || { echo "profile: no scenario bench/lua/$SCENARIO.lua" >&2; exit 2; }
PORT=18086
JFR="$RAW/$SCENARIO.jfr"
REPORT=bench/results/profile.md
[ "$SCENARIO" = get ] || REPORT="bench/results/profile-$SCENARIO.md"

# CPU ticks (user + system) per process name (summed over processes of that name), or per thread of one
# process (name and thread id): two snapshots DURATION apart give each one's share of a core.
cpu_snapshot() {
  local mode=$1 stat; shift
  for stat in "$@"; do
    # The name is field 2 in parentheses; a thread's id is the directory above its stat file.
    awk -v mode="$mode" -v path="$stat" '{
      name = $2; gsub(/[()]/, "", name)
      if (mode == "process") gsub(/[0-9]+$/, "", name); else { split(path, p, "/"); name = name "/" p[5] }
      print name, $14 + $15 }' "$stat" 2>/dev/null || true
  done | awk '{sum[$1] += $2} END {for (k in sum) print k, sum[k]}' | sort
}
cpu_table() {
  local title=$1 before=$2 after=$3 seconds=$4 ticks
  ticks=$(getconf CLK_TCK)
  echo "| $title | CPU (% of one core) |"
  echo "|---|---:|"
  join "$before" "$after" | awk -v s="$seconds" -v t="$ticks" '{d = ($3 - $2) / t / s * 100; if (d >= 0.5) printf "%.1f %s\n", d, $1}' \
    | sort -rn | head -12 | awk '{printf "| `%s` | %.1f |\n", $2, $1}'
}

trap cleanup EXIT
mkdir -p "$RAW"
ensure_packages
start_services
build_app
if [ ! -s "$RAW/users.txt" ] || ! psql_bench -c "SELECT 1 FROM tasks LIMIT 1" >/dev/null 2>&1; then
  fresh_database
  seed_data 1000 100
fi

# Deep stacks: reactive call chains run to a few hundred frames, past JFR's default of 64.
BENCH_JAVA_OPTS="$BENCH_JAVA_OPTS -XX:FlightRecorderOptions=stackdepth=1024"
start_server "$PORT"
pid=$SERVER_PID
log "warming up for $WARMUP s"
(ulimit -n "$(ulimit -Hn)"; wrk -t 2 -c "$CONNECTIONS" -d "${WARMUP}s" -s "bench/lua/$SCENARIO.lua" "http://127.0.0.1:$PORT" -- "$RAW/users.txt" >/dev/null)

log "recording $DURATION s"
(ulimit -n "$(ulimit -Hn)"; wrk -t 2 -c "$CONNECTIONS" -d "$((DURATION + 4))s" --latency -s "bench/lua/$SCENARIO.lua" \
  "http://127.0.0.1:$PORT" -- "$RAW/users.txt" > "$RAW/profile-wrk.txt") &
wrk_pid=$!
sleep 2
rm -f "$JFR"
jcmd "$pid" JFR.start name=bench settings=profile duration="${DURATION}s" filename="$(pwd)/$JFR" >/dev/null
cpu_snapshot process /proc/[0-9]*/stat > "$RAW/cpu-processes.before"
cpu_snapshot thread /proc/"$pid"/task/*/stat > "$RAW/cpu-threads.before"
sleep "$DURATION"
cpu_snapshot process /proc/[0-9]*/stat > "$RAW/cpu-processes.after"
cpu_snapshot thread /proc/"$pid"/task/*/stat > "$RAW/cpu-threads.after"
wait "$wrk_pid"
for _ in $(seq 1 30); do [ -s "$JFR" ] && break; sleep 1; done
stop_server "$pid"

{
  echo "# Profile: $([ "$SCENARIO" = get ] && echo "get by id" || echo "$SCENARIO")"
  echo
  echo "Made by \`bench/profile.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) at commit \`$(git rev-parse --short HEAD)\`: wrk, $CONNECTIONS connections,"
  echo "$DURATION s recorded after $WARMUP s of warm-up; DB_POOL_SIZE=$DB_POOL_SIZE, DB_MAX_OVERFLOW=$DB_MAX_OVERFLOW,"
  echo "DB_POOL_PRE_PING=$DB_POOL_PRE_PING; JVM \`$BENCH_JAVA_OPTS\`."
  echo
  echo "Throughput while recording: $(awk '/^RESULT/ {printf "%.0f requests/s, p50 %.1f ms, p99 %.1f ms", $4, $5, $6}' "$RAW/profile-wrk.txt")."
  echo
  echo "## The machine's two cores"
  echo
  cpu_table "Process" "$RAW/cpu-processes.before" "$RAW/cpu-processes.after" "$DURATION"
  echo
  echo "## Server threads"
  echo
  cpu_table "Thread (name as the kernel keeps it, 15 characters / thread id)" "$RAW/cpu-threads.before" "$RAW/cpu-threads.after" "$DURATION"
  echo
  echo "## JFR execution samples"
  echo
  java bench/JfrSummary.java "$JFR"
} > "$REPORT"
rm -f "$RAW"/cpu-*.before "$RAW"/cpu-*.after
cat "$REPORT"
