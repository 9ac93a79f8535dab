#!/usr/bin/env bash
# A/B of two builds of the server: bench/ab.sh BASE_REF [NAME]
#
# Builds BASE_REF (a commit, tag or branch) in a worktree under target/ab/, and the working tree as it is, then runs
# the same scenarios against each, ROUNDS rounds interleaved (base, head, then head, base, …: the machine is shared
# and drifts), a fresh server per run with the bench's settings and JVM flags (bench/lib.sh). Each run: JIT_WARMUP
# seconds of the mix, then per scenario a checkpoint, WARMUP seconds unrecorded and DURATION seconds measured. The
# figure to compare is CPU per request (server, and PostgreSQL plus PgBouncer): requests per second move with
# whatever else the machine does. Appends to bench/results/raw/ab.tsv and writes bench/results/ab-NAME.md.
#
# SCENARIOS ("floor get list create"), CONNECTIONS (64), ROUNDS (2), JIT_WARMUP (60), WARMUP (5), DURATION (15);
# HEAD_SETTINGS ("NAME=VALUE …") and HEAD_JAVA_OPTS for the head's server only, to A/B a setting on one build
# (bench/ab.sh HEAD with HEAD_SETTINGS=…); BASE_SETTINGS for the base's server only (to give both builds a setting
# the head's defaults changed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

BASE_REF=${1:?usage: bench/ab.sh BASE_REF [NAME]}
NAME=${2:-$(git rev-parse --short "$BASE_REF")-vs-working-tree}
SCENARIOS=${SCENARIOS:-"floor get list create"}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-2}
JIT_WARMUP=${JIT_WARMUP:-60}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-15}
PORT=18087
BASE_DIR=target/ab/base
REPORT="bench/results/ab-$NAME.md"

trap cleanup EXIT
mkdir -p "$RAW"
ensure_packages
start_services
build_app
HEAD_APP=target/ab/head
rm -rf "$HEAD_APP" && mkdir -p target/ab && cp -r target/bench-app "$HEAD_APP"

log "building $BASE_REF in $BASE_DIR"
rm -rf "$BASE_DIR" && git worktree prune && git worktree add -f --detach "$BASE_DIR/src" "$BASE_REF" >/dev/null 2>&1
(cd "$BASE_DIR/src" && ./mvnw -B -q -ntp -DskipTests package >/dev/null \
  && java -Djarmode=tools -jar target/taskflow.jar extract --destination ../app >/dev/null)
git worktree remove --force "$BASE_DIR/src"

if [ ! -s "$RAW/users.txt" ] || ! psql_bench -c "SELECT 1 FROM tasks LIMIT 1" >/dev/null 2>&1; then
  fresh_database
  seed_data "$USERS" "$TASKS_PER_USER"
fi
MAX_TASK_ID=$(psql_bench -c "SELECT max(id) FROM tasks")
MAX_EVENT_ID=$(psql_bench -c "SELECT coalesce(max(id), 0) FROM task_events")
# Every run starts from the same rows: the tasks and feed events the last run added go.
restore_rows() {
  restore_seeded_tasks
  psql_bench -c "DELETE FROM task_events WHERE id > $MAX_EVENT_ID" -c "VACUUM (ANALYZE) task_events" >/dev/null
}

TSV="$RAW/ab.tsv"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# Rounds go base, head, then head, base, and so on (ABBA): the database drifts during a session (dead rows, the
# event table growing with every create, checkpoints), and a fixed order would charge that drift to the head.
for round in $(seq 1 "$ROUNDS"); do
  order="base head"; [ $((round % 2)) -eq 0 ] && order="head base"
  for variant in $order; do
    APP="$BASE_DIR/app/taskflow.jar"
    [ "$variant" = head ] && APP="$HEAD_APP/taskflow.jar"
    log "round $round: $variant"
    if [ "$variant" = head ]; then
      (BENCH_JAVA_OPTS="$BENCH_JAVA_OPTS ${HEAD_JAVA_OPTS:-}"; [ -z "${HEAD_SETTINGS:-}" ] || eval "export $HEAD_SETTINGS"
       start_server "$PORT"; echo "$SERVER_PID" > "$RAW/ab-server.pid")
      SERVER_PID=$(cat "$RAW/ab-server.pid"); SERVER_PIDS+=("$SERVER_PID")
    else
      ([ -z "${BASE_SETTINGS:-}" ] || eval "export $BASE_SETTINGS"
       start_server "$PORT"; echo "$SERVER_PID" > "$RAW/ab-server.pid")
      SERVER_PID=$(cat "$RAW/ab-server.pid"); SERVER_PIDS+=("$SERVER_PID")
    fi
    # The JIT's warm-up: the mix, unmeasured; its creates are removed so every run meets the same rows.
    (ulimit -n "$(ulimit -Hn)"; wrk -t 2 -c "$CONNECTIONS" -d "${JIT_WARMUP}s" --timeout 10s -s bench/lua/mix.lua \
      "http://127.0.0.1:$PORT" -- "$RAW/users.txt" >/dev/null)
    restore_rows
    for scenario in $SCENARIOS; do
      : > "$RESULTS.ab-one"
      RESULTS="$RESULTS.ab-one" run_wrk "$scenario" "$scenario" "$CONNECTIONS" "$PORT"
      awk -F'\t' -v n="$NAME" -v v="$variant" -v r="$round" -v s="$scenario" -v t="$started" \
        '{printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t, n, v, r, s, $5, $7, $13, $14, $15, $9 + $10}' \
        "$RESULTS.ab-one" >> "$TSV"
    done
    restore_rows
    stop_server "$SERVER_PID"
  done
done
rm -f "$RESULTS.ab-one"

{
  echo "# A/B: $NAME"
  echo
  echo "Made by \`bench/ab.sh $BASE_REF\` on $started: base \`$(git rev-parse --short "$BASE_REF")\` against the working tree"
  echo "at \`$(git rev-parse --short HEAD)\`$([ -n "$(git status --porcelain -- src pom.xml)" ] && echo " with uncommitted changes"), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
  echo "wrk with $CONNECTIONS connections; $ROUNDS rounds interleaved ABBA, a fresh server each, ${JIT_WARMUP} s of the mix first;"
  echo "per scenario ${WARMUP} s unrecorded, then ${DURATION} s measured. Server flags: \`$BENCH_JAVA_OPTS\`${HEAD_JAVA_OPTS:+; head also \`$HEAD_JAVA_OPTS\`}${HEAD_SETTINGS:+; head with \`$HEAD_SETTINGS\`}${BASE_SETTINGS:+; base with \`$BASE_SETTINGS\`}."
  echo
  echo "| Scenario | Build | Round | Requests/s | p99 ms | Errors | CPU µs/request: server | database | Other load |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' -v t="$started" '$1 == t {printf "| %s | %s | %s | %.0f | %.1f | %d | %d | %d | %d%% |\n", $5, $3, $4, $6, $7, $11, $9, $10, $8}' "$TSV" | sort -t'|' -k2,2 -k3,3 -s
  echo
  echo "CPU per request, mean over rounds (base → head), server; database (PostgreSQL and PgBouncer):"
  echo
  awk -F'\t' -v t="$started" '$1 == t { k = $5 SUBSEP $3; sum[k] += $9; db[k] += $10; n[k]++; if (!($5 in seen)) { order[++m] = $5; seen[$5] = 1 } }
    END { for (i = 1; i <= m; i++) { s = order[i]; kb = s SUBSEP "base"; kh = s SUBSEP "head"
      b = sum[kb] / n[kb]; h = sum[kh] / n[kh]; bd = db[kb] / n[kb]; hd = db[kh] / n[kh]
      printf "- %s: server %.0f → %.0f µs (%+.0f %%); database %.0f → %.0f µs (%+.0f %%)\n", s, b, h, (h - b) * 100 / b, bd, hd, (bd > 0 ? (hd - bd) * 100 / bd : 0) } }' "$TSV"
} > "$REPORT"
cat "$REPORT"
