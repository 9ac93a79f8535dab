# Sourced by every bench/*.sh script: the settings and steps they share.
# Everything targets 127.0.0.1 only, and every wait is bounded.

BENCH_DB=taskflow_bench
DB_USER=taskflow
export PGPASSWORD=taskflow
# PostgreSQL offers TLS now (scripts/local-services.sh); psql and pgbench stay in plain text on loopback, as the server
# does by default, so that direct baselines measure the same protocol as before.
export PGSSLMODE=disable
DIRECT_URL="postgresql://$DB_USER:$PGPASSWORD@127.0.0.1:5432/$BENCH_DB"
POOLED_URL="postgresql://$DB_USER:$PGPASSWORD@127.0.0.1:6432/$BENCH_DB"
# Tokens are signed with this; it never leaves the benchmark database.
BENCH_SECRET="bench-only-secret-0123456789abcdef-not-for-production"
RAW=bench/results/raw
APP=target/bench-app/taskflow.jar
RESULTS="$RAW/results.tsv"
FEED_RESULTS="$RAW/feed.tsv"

# The server under test, unless the calling script or the caller's environment says otherwise (bench/README.md
# explains each choice): ten pooled connections, no validation round trip per acquire, and a fixed 1 GB heap touched
# up front (room for 10,000 streams, whose live heap is measured against the feed's 512 MB goal), the Parallel
# collector, and two HTTP event loops for two cores.
DB_POOL_SIZE=${DB_POOL_SIZE:-10}
DB_MAX_OVERFLOW=${DB_MAX_OVERFLOW:-0}
DB_POOL_PRE_PING=${DB_POOL_PRE_PING:-false}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dreactor.netty.ioWorkerCount=2"}
# The seed.
USERS=${USERS:-1000}
TASKS_PER_USER=${TASKS_PER_USER:-100}

SERVER_PIDS=()
STARTED_POSTGRES=false
STARTED_BOUNCER=false

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Debian packages the harness needs, installed only when missing.
ensure_packages() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v curl >/dev/null || missing+=(curl)
  if ! command -v pgbench >/dev/null && ! ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1; then
    missing+=(postgresql-contrib)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# PostgreSQL (direct, 5432) and PgBouncer in transaction mode (pooled, 6432), as scripts/local-services.sh sets
# them up. What was not running before is stopped again at exit.
start_services() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || STARTED_POSTGRES=true
  pg_isready -q -h 127.0.0.1 -p 6432 2>/dev/null || STARTED_BOUNCER=true
  scripts/local-services.sh start >/dev/null
}

stop_services() {
  if [ "$STARTED_BOUNCER" = true ]; then scripts/local-services.sh stop-pgbouncer || true; fi
  if [ "$STARTED_POSTGRES" = true ]; then scripts/local-services.sh stop-postgres || true; fi
}

# The jar, rebuilt when the sources changed, then unpacked into Spring Boot's extracted layout (the layout Boot
# recommends for production: plain jars on the class path start faster than nested ones, and Liquibase's
# includeAll cannot list changelogs inside a nested jar, so `java -jar target/taskflow.jar db upgrade` fails).
build_app() {
  if [ ! -f target/taskflow.jar ] || [ -n "$(find src db-changelog pom.xml -newer target/taskflow.jar -print -quit)" ]; then
    log "building target/taskflow.jar"
    ./mvnw -B -q -ntp -DskipTests package
  fi
  if [ ! -f "$APP" ] || [ target/taskflow.jar -nt "$APP" ]; then
    rm -rf target/bench-app
    java -Djarmode=tools -jar target/taskflow.jar extract --destination target/bench-app >/dev/null
  fi
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U "$DB_USER" -d postgres "$@"; }
psql_bench() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U "$DB_USER" -d "$BENCH_DB" "$@"; }

# A fresh database per run, like a Neon branch: no leftovers from earlier runs skew the figures.
fresh_database() {
  log "creating database $BENCH_DB"
  psql_admin -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB OWNER $DB_USER"
}

app() {
  env ENV_FILE= MIGRATION_DATABASE_URL="$DIRECT_URL" DATABASE_URL="$POOLED_URL" BETTER_AUTH_SECRET="$BENCH_SECRET" \
    TOKEN_TTL_SECONDS=86400 java -jar "$APP" "$@"
}

# Seeds USERS × TASKS_PER_USER, then writes $RAW/users.txt for the Lua scripts: per line a user's token and its
# task ids (the seed writes tokens in ascending user id, the query lists ids in the same order).
seed_data() {
  local users=$1 tasks_per_user=$2
  app db upgrade >/dev/null
  log "seeding $users users × $tasks_per_user tasks"
  app seed --users "$users" --tasks-per-user "$tasks_per_user" --tokens-out "$RAW/tokens.txt" >&2
  # Now rather than by autovacuum in the middle of a measured run (100,000 fresh rows and their trigram indexes).
  psql_bench -c "VACUUM (ANALYZE) users, tasks" >/dev/null
  psql_bench -c "SELECT string_agg(id::text, ' ' ORDER BY id) FROM tasks GROUP BY user_id ORDER BY user_id" > "$RAW/task-ids.txt"
  [ "$(wc -l < "$RAW/tokens.txt")" -eq "$(wc -l < "$RAW/task-ids.txt")" ] || die "tokens and task ids do not line up"
  paste -d ' ' "$RAW/tokens.txt" "$RAW/task-ids.txt" > "$RAW/users.txt"
  MAX_TASK_ID=$(psql_bench -c "SELECT max(id) FROM tasks")
  FIRST_TASK=$(psql_bench -c "SELECT min(id) FROM tasks")
  SEEDED_TASKS_PER_USER=$tasks_per_user
  FIRST_USER=$(psql_bench -c "SELECT min(id) FROM users")
  LAST_USER=$(psql_bench -c "SELECT max(id) FROM users")
}

# Back to the seeded data: the pgbench insert baselines add several hundred thousand tasks and the JIT warm-up's
# creates tens of thousands, and the HTTP scenarios that follow must meet the data the report names (and no
# autovacuum of those rows in their measured seconds).
restore_seeded_tasks() {
  log "removing the tasks added since the seed"
  psql_bench -c "DELETE FROM tasks WHERE id > $MAX_TASK_ID" -c "VACUUM (ANALYZE) tasks" >/dev/null
}

# Starts a server on PORT (extra NAME=VALUE settings may follow) and waits, at most 90 s, until /health/db is 200.
# Sets SERVER_PID. The open-files limit goes to the hard limit: every client connection is a descriptor.
start_server() {
  local port=$1; shift
  local logfile="$RAW/server-$port.log"
  (
    ulimit -n "$(ulimit -Hn)"
    exec env ENV_FILE= PORT="$port" DATABASE_URL="$POOLED_URL" MIGRATION_DATABASE_URL="$DIRECT_URL" \
      BETTER_AUTH_SECRET="$BENCH_SECRET" DB_POOL_SIZE="$DB_POOL_SIZE" DB_MAX_OVERFLOW="$DB_MAX_OVERFLOW" \
      DB_POOL_PRE_PING="$DB_POOL_PRE_PING" "$@" java $BENCH_JAVA_OPTS -jar "$APP"
  ) > "$logfile" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 1 180); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/health/db"; then
      log "server on 127.0.0.1:$port (pid $SERVER_PID)"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$logfile" >&2
  die "the server on port $port did not become healthy (log: $logfile)"
}

# SIGTERM, then up to 30 s for the graceful shutdown, then SIGKILL.
stop_server() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_server "$pid"; done
  stop_services
}

# The machine is shared (on a developer's box, builds and test suites run alongside), so each measured run also
# records where the CPU went: the server JVM(s), the database side (PostgreSQL and PgBouncer), and processes outside
# the benchmark. CPU per request is robust to that noise where requests per second is not.
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# One line per process taking part: GROUP PID TICKS (user + system), GROUP being server, db or load. One cat and
# one awk for all of them: a sample must be quick, or processes end while it is taken.
process_ticks() {
  local group=$1 pid files=(); shift
  for pid in "$@"; do files+=("/proc/$pid/stat"); done
  [ ${#files[@]} -gt 0 ] || return 0
  cat "${files[@]}" 2>/dev/null | awk -v g="$group" '{print g, $1, $14 + $15}' || true
}
cpu_sample() {
  echo "machine 0 $(machine_busy_ticks)"
  process_ticks server "${SERVER_PIDS[@]}"
  process_ticks db $(pgrep -x postgres) $(pgrep -x pgbouncer)
  process_ticks load $(pgrep -x wrk) $(pgrep -x pgbench) $(pgrep -f FeedBench.java)
}
# Runs a command in the background; once it is done prints "OTHER SERVER DB": the CPU (% of one core) of processes
# outside the benchmark, and the CPU milliseconds of the server(s) and of the database side, between 1 s after its
# start and 2 s before its planned end (PLANNED seconds). Per process, so that backends and connections coming and
# going in between (pgbench's, PgBouncer's) count for what they used in the window.
measure_cpu() {
  local planned=$1; shift
  "$@" &
  local job=$! before after
  sleep 1
  before=$(cpu_sample)
  sleep "$((planned - CPU_WINDOW_OFFSET))"
  after=$(cpu_sample)
  wait "$job"
  awk -v t="$(getconf CLK_TCK)" -v s="$((planned - CPU_WINDOW_OFFSET))" '
    FNR == NR { start[$1 " " $2] = $3; next }
    { used = $3 - (($1 " " $2) in start ? start[$1 " " $2] : 0); if (used > 0) sum[$1] += used }
    END {
      other = (sum["machine"] - sum["server"] - sum["db"] - sum["load"]) / t / s * 100
      printf "%.0f %.0f %.0f\n", (other < 0 ? 0 : other), sum["server"] * 1000 / t, sum["db"] * 1000 / t }' \
    <(echo "$before") <(echo "$after")
}
CPU_WINDOW_OFFSET=3

# PostgreSQL checkpoints whenever about half of max_wal_size (1 GB by default) of WAL has been written since the
# last one, and after each, the first change to every page writes the whole page to WAL: writes cost more right
# after a checkpoint than before the next, and a write-heavy run would land anywhere in that cycle (or across it).
# Every measured run therefore starts with a checkpoint of its own, as pgbench's documentation advises.
CHECKPOINT_COMMAND="runuser -u postgres -- psql -X -q -p 5432 -c CHECKPOINT"
checkpoint() { $CHECKPOINT_COMMAND >/dev/null; }

# wrk against 127.0.0.1:PORT: a checkpoint and a warm-up, then the measured run; appends one line to $RESULTS:
# wrk SCENARIO server CONNECTIONS rps p50 p99 max non2xx socket 503 503-without-retry-after other% server-µs/req db-µs/req
# Usage: run_wrk SCENARIO SCRIPT CONNECTIONS PORT
run_wrk() {
  local scenario=$1 script=$2 connections=$3 port=$4
  local out="$RAW/wrk-$scenario-$connections.txt"
  local -a common=(-t 2 -c "$connections" --timeout 10s -s "bench/lua/$script.lua" "http://127.0.0.1:$port" -- "$RAW/users.txt")
  checkpoint
  (ulimit -n "$(ulimit -Hn)"; wrk -d "${WARMUP}s" "${common[@]}" >/dev/null)
  local cpu result
  cpu=$(measure_cpu "$DURATION" bash -c 'ulimit -n "$(ulimit -Hn)"; exec wrk "$@" > "$0"' "$out" -d "${DURATION}s" --latency "${common[@]}")
  result=$(grep '^RESULT' "$out") || die "wrk printed no result (see $out)"
  local row
  row=$(awk -F'\t' -v cpu="$cpu" -v w="$((DURATION - CPU_WINDOW_OFFSET))" '{
    split(cpu, c, " "); requests = $4 * w
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%.0f", $4, $5, $6, $7, $8, $9, $10, $11, c[1],
      (requests > 0 ? c[2] * 1000 / requests : 0), (requests > 0 ? c[3] * 1000 / requests : 0) }' <<< "$result")
  printf 'wrk\t%s\tserver\t%s\t%s\n' "$scenario" "$connections" "$row" >> "$RESULTS"
  awk -F'\t' -v s="$scenario" -v c="$connections" '{printf "  %-9s %5d conns  %7.0f req/s  p50 %7.2f ms  p99 %8.2f ms  max %8.2f ms  errors %d  CPU/req: server %d µs, db %d µs  (other load %d%%)\n", s, c, $1, $2, $3, $4, $5 + $6, $10, $11, $9}' <<< "$row" >&2
}

# pgbench through PgBouncer (pooled) or straight to PostgreSQL (direct), with named prepared statements (-M prepared),
# as the server uses them by default and the local PgBouncer keeps them; PGBENCH_MODE=extended for unnamed ones, to
# match a server run with DB_PREPARED_STATEMENTS=false. Latency percentiles come from the per-transaction log.
# Usage: run_pgbench NAME pooled|direct CLIENTS SCRIPT[@WEIGHT]...
run_pgbench() {
  local name=$1 target=$2 clients=$3; shift 3
  local port=6432 out="$RAW/pgbench-$name-$target-$clients.txt" prefix="$RAW/pgbench-log-$name-$target-$clients"
  [ "$target" = direct ] && port=5432
  local -a scripts=()
  local script
  for script in "$@"; do scripts+=(-f "bench/pgbench/$script"); done
  rm -f "$prefix".*
  checkpoint
  local cpu
  cpu=$(measure_cpu "$DURATION" bash -c 'ulimit -n "$(ulimit -Hn)"; exec pgbench "$@" > "$0" 2>&1' "$out" \
    -h 127.0.0.1 -p "$port" -U "$DB_USER" -n -M "${PGBENCH_MODE:-prepared}" -c "$clients" -j 2 -T "$DURATION" \
    -D max_task_id="$MAX_TASK_ID" -D first_task="$FIRST_TASK" -D first_user="$FIRST_USER" -D last_user="$LAST_USER" \
    -D tasks_per_user="$SEEDED_TASKS_PER_USER" \
    -l --log-prefix="$prefix" "${scripts[@]}" "$BENCH_DB") || die "pgbench failed (see $out)"
  grep -q '^tps = ' "$out" || die "pgbench failed (see $out)"
  local tps failed
  tps=$(awk '/^tps = / {print $3; exit}' "$out")
  failed=$(awk '/number of failed transactions:/ {print $5; exit}' "$out")
  local percentiles
  # Third field of each log line: the transaction's latency in microseconds.
  percentiles=$(cat "$prefix".* | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "-\t-\t-"; exit }
      p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
      printf "%.2f\t%.2f\t%.2f\n", p50 / 1000, p99 / 1000, v[NR] / 1000
    }')
  rm -f "$prefix".*
  local other db_us
  other=${cpu%% *}
  db_us=$(awk -v cpu="$cpu" -v tps="$tps" -v w="$((DURATION - CPU_WINDOW_OFFSET))" 'BEGIN {split(cpu, c, " "); printf "%.0f", (tps > 0 ? c[3] * 1000 / (tps * w) : 0)}')
  printf 'pgbench\t%s\t%s\t%s\t%s\t%s\t%s\t0\t-\t-\t%s\t-\t%s\n' "$name" "$target" "$clients" "$tps" "$percentiles" "${failed:-0}" "$other" "$db_us" >> "$RESULTS"
  log "$(printf 'pgbench %-22s %-6s %4d clients  %7.0f tps  p50/p99/max %s ms  failed %s  CPU/tx: db %d µs  (other load %s%%)' "$name" "$target" "$clients" "$tps" "$(tr '\t' '/' <<< "$percentiles")" "${failed:-0}" "$db_us" "$other")"
}

# Direct connections count against max_connections itself: leave room for the connections already open
# (PgBouncer's server connections, other sessions) plus a margin of 10.
direct_client_cap() {
  psql_admin -At -c "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                            - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') - 10"
}
