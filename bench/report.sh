#!/usr/bin/env bash
# Turns what bench/run.sh measured (bench/results/raw/) into bench/results/latest.md and
# bench/results/latency-throughput.png, and prints the scenario table. bench/run.sh calls it at the end; it can be
# run again on its own, e.g. after editing the chart.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

OUT=bench/results/latest.md
CHART=bench/results/latency-throughput.png
[ -s "$RESULTS" ] || [ -s "$FEED_RESULTS" ] || die "no results in $RAW: run bench/run.sh first"

setting() { awk -F= -v k="$1" '$1 == k {sub(/^[^=]*=/, ""); print; exit}' "$RAW/settings.env"; }
version() { "$@" 2>&1 | head -1 || true; }

# The scenario table: each HTTP scenario against its pgbench baseline at the same client count, and the goal
# from the benchmark issue with whether this run met it.
scenario_table() {
  awk -F'\t' '
    $1 == "pgbench" { base[$2 "/" $3 "/" $4] = $5; next }
    $1 == "wrk" { n++; scenario[n] = $2; conns[n] = $4; rps[n] = $5; p50[n] = $6; p99[n] = $7; max[n] = $8
                  non2xx[n] = $9; socket[n] = $10; c503[n] = $11; noretry[n] = $12; other[n] = $13; scpu[n] = $14; dcpu[n] = $15
                  if ($2 == "get" && $5 > peak) peak = $5
                  if ($2 == "get" && $4 > most) most = $4 }
    END {
      print "| Scenario | Connections | Requests/s | p50 ms | p99 ms | max ms | Errors | Baseline | Baseline/s | Ratio | Goal | Met | CPU µs/request: server, database | Other load |"
      print "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|:---:|---:|---:|"
      for (i = 1; i <= n; i++) {
        s = scenario[i]; c = conns[i]; goal = ""; met = ""
        errors = non2xx[i] + socket[i]
        if (s == "get")    { b = "select pooled"; ref = base["select/pooled/" c]
                             goal = "≥ 0.5" (c == most ? ", p99 < 50 ms" : "") }
        if (s == "list")   { b = "select pooled"; ref = base["select/pooled/" c]; goal = "≥ 0.33" }
        if (s == "create") { b = "insert pooled"; ref = base["insert/pooled/" c]; goal = "≥ 0.5" }
        if (s == "mix")    { b = "mix pooled";    ref = base["mix/pooled/" c];    goal = "" }
        if (s == "floor" || s == "bare") { b = "select pooled"; ref = base["select/pooled/" c]; goal = "" }
        if (s == "overload") { b = "peak get-by-id"; ref = peak; goal = "≥ 0.9, failures only 503 + Retry-After" }
        ratio = ref > 0 ? rps[i] / ref : 0
        if (s == "get")      met = (ratio >= 0.5 && (c != most || p99[i] < 50) && errors == 0)
        if (s == "list")     met = (ratio >= 1/3 && errors == 0)
        if (s == "create")   met = (ratio >= 0.5 && errors == 0)
        if (s == "overload") met = (ratio >= 0.9 && socket[i] == 0 && non2xx[i] == c503[i] && noretry[i] == 0)
        name = s == "bare" ? "bare HTTP: the floor requests, Reactor Netty alone (no Spring)" : s == "floor" ? "floor: GET /health with a token (no statement)" : s == "get" ? "get by id" : s == "list" ? "first page + total" : s == "create" ? "create" : s == "mix" ? "mix 80/15/5" : "overload (get by id)"
        err = errors (s == "overload" ? sprintf(" (503: %d, without Retry-After: %d)", c503[i], noretry[i]) : "")
        printf "| %s | %d | %.0f | %.1f | %.1f | %.1f | %s | %s | %.0f | %.2f | %s | %s | %d, %d | %d%% |\n",
          name, c, rps[i], p50[i], p99[i], max[i], err, b, ref, ratio, goal, goal == "" ? "" : (met ? "yes" : "**no**"), scpu[i], dcpu[i], other[i]
      }
    }' "$RESULTS"
}

# The same ratios on the database side alone: pgbench's PostgreSQL + PgBouncer CPU per transaction over the
# server's per request. It is what the rate ratio would be if the server had cores of its own, as it does in
# production, where the database is the one part that does not scale out.
database_ratio_line() {
  awk -F'\t' '
    $1 == "pgbench" && $3 == "pooled" { cpu[$2 "/" $4] = $15 }
    $1 == "wrk" && ($2 == "get" || $2 == "list" || $2 == "create") { n++; s[n] = $2; c[n] = $4; d[n] = $15 }
    END {
      line = ""
      for (i = 1; i <= n; i++) {
        ref = cpu[(s[i] == "create" ? "insert" : "select") "/" c[i]]
        if (ref <= 0 || d[i] <= 0) continue
        name = s[i] == "get" ? "get by id" : s[i] == "list" ? "first page + total" : "create"
        line = line sprintf("%s%s at %d: %d µs against %d (%.2f)", line == "" ? "" : "; ", name, c[i], d[i], ref, ref / d[i])
      }
      if (line != "") print "Database side alone (PostgreSQL plus PgBouncer CPU per request against per pgbench transaction, which is the rate ratio once the server has cores of its own): " line "."
    }' "$RESULTS"
}

baseline_table() {
  echo "| pgbench script | Path | Clients | Transactions/s | p50 ms | p99 ms | max ms | Failed | Database CPU µs/transaction | Other load |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '$1 == "pgbench" { printf "| %s | %s | %d | %.0f | %s | %s | %s | %s | %d | %d%% |\n", $2, $3, $4, $5, $6, $7, $8, $9, $15, $13 }' "$RESULTS"
}

notify_table() {
  awk -F'\t' '
    $1 == "pgbench" && $2 == "create-event" { without = $5; c = $4 }
    $1 == "pgbench" && $2 == "create-event-notify" { with = $5 }
    $1 == "pgbench" && $2 == "create-event-notify-after" { after = $5 }
    END {
      if (without == "" || with == "") exit
      printf "pgbench, %d clients through PgBouncer, the server LISTENing: the server\x27s create statement (task and outbox event\n", c
      printf "under the user lock, one statement) runs at %.0f tps without NOTIFY and %.0f tps with the NOTIFY inside it (%.0f%%)", without, with, 100 * with / without
      if (after != "") printf "; with one NOTIFY in its own statement right after each commit (the server\x27s worst case: it sends the NOTIFYs of concurrent writes together, on its own session), **%.0f tps (%.0f%%)**", after, 100 * after / without
      printf ".\n"
    }' "$RESULTS"
}

feed_table() {
  [ -s "$FEED_RESULTS" ] || return 0
  echo "| Streams (users) | Events/s (target) | Delivery p50 ms | p99 ms | max ms | Lost (of deliveries) | Heap peak MB | Live heap after GC MB | RSS peak MB | Create rate 0 → K streams (closed loop) | Server + database CPU µs per create, 0 → K streams (capacity kept) | Errors | Read back | Goal (p99 < 200 ms, 0 lost, live heap < 512 MB) |"
  echo "|---:|---|---:|---:|---:|---|---:|---:|---:|---|---|---:|---|:---:|"
  awk -F'\t' '{
    met = ($8 == 0 && $6 != "-" && $6 < 200 && $11 < 512 && $15 == 0) ? "yes" : "**no**"
    cpu = ($18 > 0) ? sprintf("%d → %d (%.0f%%)", $17, $18, 100 * $17 / $18) : "-"
    printf "| %d (%s) | %.0f (%d) | %s | %s | %s | %d (of %d) | %d | %d | %d | %.0f → %.0f/s (%.0f%%) | %s | %d | %s | %s |\n",
      $2, ($19 == "" ? "-" : $19), $4, $3, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ($13 > 0 ? 100 * $14 / $13 : 0), cpu, $15, $16, met }' "$FEED_RESULTS"
}

# The chart has its own script (bench/chart.sh), so that it can be drawn again from any results table.
chart() {
  [ -s "$RESULTS" ] || return 0
  bench/chart.sh "$RESULTS" "$CHART"
}

chart
{
  echo "# Benchmark results"
  echo
  echo "Made by \`$(setting command)\` on $(setting started_at) at commit \`$(git rev-parse --short HEAD)\`."
  echo
  echo "- Machine: $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r); server, load generators, PgBouncer and PostgreSQL all share it."
  echo "- $(version psql_admin -At -c 'SELECT version()' | cut -d, -f1), $(version "$(scripts/local-services.sh pgbouncer-binary)" --version), $(version java -version | tr -d '"'), $(version wrk --version | cut -d' ' -f1-2)."
  echo "- Data: $(setting users) users × $(setting tasks_per_user) tasks. $(setting jit_warmup) s of JIT warm-up once the server is up; each run: a checkpoint, $(setting warmup) s warm-up, then $(setting duration) s measured; wrk with 2 threads."
  echo "- Server: pooled URL through PgBouncer (transaction mode), DB_POOL_SIZE=$(setting db_pool_size), DB_MAX_OVERFLOW=$(setting db_max_overflow), DB_POOL_PRE_PING=$(setting db_pool_pre_ping); JVM \`$(setting java_opts)\`."
  echo
  echo "## HTTP scenarios against their pgbench baselines"
  echo
  scenario_table
  echo
  echo "CPU µs/request: CPU time of the server JVM, and of PostgreSQL plus PgBouncer, per request, over the measured"
  echo "seconds; unlike requests per second it hardly moves when something else shares the machine. Other load: CPU (% of"
  echo "one core) that processes outside the benchmark used meanwhile; with two cores, anything above a few percent"
  echo "lowers that run's throughput."
  echo
  echo "Ratio: requests per second over the baseline's transactions per second at the same client count. Once the"
  echo "token's user is cached as active, get by id is one statement like pgbench's select, the first page one (its count"
  echo "and its rows), a create one statement (task and outbox event) and a NOTIFY after it, shared with other writes."
  echo "Here the server, wrk, PgBouncer and PostgreSQL share two cores, so the ratio also prices the server's CPU"
  echo "against PostgreSQL's."
  echo "Latencies are wrk's (closed loop). The floor is GET /health with the same bearer token: HTTP intake, routing,"
  echo "Spring Security and JWT verification as for get by id, and no database statement, so its ratio bounds every"
  echo "scenario's on this host from above. Bare HTTP is the same requests answered by Reactor Netty alone"
  echo "(bench/BareHttp.java, the server's JVM flags, no Spring, no token check): what HTTP itself costs on this host,"
  echo "so the floor minus bare is what Spring WebFlux, Spring Security and the JWT cost per request."
  echo
  database_ratio_line
  echo
  echo "![p99 latency against throughput](latency-throughput.png)"
  echo
  echo "## Live feed"
  echo
  feed_table
  echo
  echo "Events are written as batch creates of $(setting feed_batch) tasks of one user (one transaction, one NOTIFY), so the event rate does"
  echo "not hinge on the create API's request rate. Delivery latency: receipt time minus the task's \`createdAt\` (PostgreSQL's \`now()\` in the writing transaction,"
  echo "same clock), so it includes the create's own transaction and bounds commit-to-receipt from above. Lost: for every"
  echo "stream, the tasks created for its user (201 responses) that it never received. The create rate column is"
  echo "closed-loop writers (single creates, 10 s per probe) with every stream open and receiving, against the same writers"
  echo "with no stream open, in probes right before and after each one with streams (the mean of each; the streams' reader"
  echo "runs on the same two cores, so part of any drop is the load generator's own work). The CPU column is the server's"
  echo "plus PostgreSQL's and PgBouncer's CPU time per create in the same probes; its ratio is the write capacity the feed"
  echo "leaves, independent of who else uses the cores."
  echo
  notify_table
  echo
  echo "## pgbench baselines"
  echo
  baseline_table
  # The peers scenario (bench/peers.sh, only where ../shared/peers is present) writes its own report; a copy of it
  # made in this run goes here too.
  if [ -f "$RAW/peers-run.md" ]; then
    echo
    echo "## Beside the peers"
    echo
    sed '1,2d' "$RAW/peers-run.md"
  fi
} > "$OUT"

echo
scenario_table | sed 's/\*\*//g' | column -t -s '|'
echo
feed_table | sed 's/\*\*//g' | column -t -s '|'
notify_table | tr -d '*'
log "wrote $OUT and $CHART"
