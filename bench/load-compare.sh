#!/usr/bin/env bash
# Open model against closed loop, on this machine: bench/load-compare.sh
#
# Seeds a database of its own (taskflow_load), starts the server on 127.0.0.1:18090, warms its JIT up with wrk's
# mix, measures get by id with wrk (closed loop: CONNECTIONS connections, each waiting for its answer), then runs the
# load kit (bench/load.sh, open model) on get by id at fractions of wrk's rate, then on the mix, then on the feed.
# One benchmark at a time. Writes bench/results/load-gatling.md and bench/results/load-gatling.png; each kit run
# keeps its HTML report under bench/gatling/target/gatling/.
#
# Settings (environment variables): JIT_WARMUP=45 (s of wrk's mix first), DURATION=20 (s measured per run; the kit
# ramps for WARMUP=5 s before), CONNECTIONS=64 (wrk), FRACTIONS="0.25 0.5 0.75" (of wrk's rate), USERS=1000
# TASKS_PER_USER=100, and the kit's FEED_SUBSCRIBERS=100 FEED_RATE=50.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
source bench/lib.sh

# A database and raw folder of its own, so that it never meets bench/run.sh's.
BENCH_DB=taskflow_load
DIRECT_URL="postgresql://$DB_USER:$PGPASSWORD@127.0.0.1:5432/$BENCH_DB"
POOLED_URL="postgresql://$DB_USER:$PGPASSWORD@127.0.0.1:6432/$BENCH_DB"
RAW=bench/results/raw/load
PORT=18090
JIT_WARMUP=${JIT_WARMUP:-45}
DURATION=${DURATION:-20}
KIT_WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
FRACTIONS=${FRACTIONS:-"0.25 0.5 0.75"}
export FEED_SUBSCRIBERS=${FEED_SUBSCRIBERS:-100} FEED_RATE=${FEED_RATE:-50}
OUT=bench/results/load-gatling.md
CHART=bench/results/load-gatling.png
TABLE="$RAW/open-closed.tsv"

trap cleanup EXIT
mkdir -p "$RAW"
: > "$TABLE"
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ensure_packages
start_services
build_app
fresh_database
seed_data "$USERS" "$TASKS_PER_USER"
start_server "$PORT"

log "JIT warm-up: wrk's mix, $CONNECTIONS connections, ${JIT_WARMUP} s"
wrk -t 2 -c "$CONNECTIONS" -d "${JIT_WARMUP}s" -s bench/lua/mix.lua "http://127.0.0.1:$PORT" -- "$RAW/users.txt" >/dev/null

# Closed loop: wrk's get by id (bench/lua/common.lua prints RESULT … req/s p50 p99 max non2xx socket …).
log "wrk: get by id, $CONNECTIONS connections, ${DURATION} s"
wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency --timeout 10s -s bench/lua/get.lua "http://127.0.0.1:$PORT" \
  -- "$RAW/users.txt" > "$RAW/wrk-get.txt"
read -r wrk_rps wrk_p50 wrk_p99 wrk_max wrk_errors < <(awk -F'\t' '$1 == "RESULT" {print $4, $5, $6, $7, $8 + $9}' "$RAW/wrk-get.txt")
wrk_p90=$(awk '$1 == "90%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' "$RAW/wrk-get.txt")
printf 'wrk\t%s\t%.0f\t%s\t%s\t%s\t-\t%s\t%s\n' "$CONNECTIONS" "$wrk_rps" "$wrk_p50" "${wrk_p90:--}" "$wrk_p99" "$wrk_max" "$wrk_errors" >> "$TABLE"
log "wrk: $(printf '%.0f' "$wrk_rps") req/s, p50 $wrk_p50 ms, p99 $wrk_p99 ms, max $wrk_max ms"

# One kit run; its console's global figures (the run's only scenario) go into the table:
# gatling RATE achieved p50 p90 p99 p99.9 max failed
kit() {
  local name=$1; shift
  local log_file="$RAW/kit-$name.log"
  env WARMUP="$KIT_WARMUP" DURATION="$DURATION" "$@" bench/load.sh "http://127.0.0.1:$PORT" "$RAW/tokens.txt" \
    > "$log_file" 2>&1 || log "kit run $name missed a goal or failed (see $log_file)"
  grep -E '^(load kit: feed|Report:)|: (true|false) \(actual' "$log_file" >&2 || true
}
# The global figures of the run's last "Global Information" block.
kit_figures() {
  awk -F'|' '
    /^> request count/ { ko = $4; gsub(/[ ,]/, "", ko) }
    /^> max response time/ { max = $2 }
    /^> response time 50th percentile/ { p50 = $2 } /^> response time 90th percentile/ { p90 = $2 }
    /^> response time 99th percentile/ { p99 = $2 } /^> response time 99\.9th percentile/ { p999 = $2 }
    /^> mean throughput/ { rps = $2 }
    END { gsub(/[ ,]/, "", max); gsub(/[ ,]/, "", p50); gsub(/[ ,]/, "", p90); gsub(/[ ,]/, "", p99); gsub(/[ ,]/, "", p999); gsub(/[ ,]/, "", rps)
          printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rps, p50, p90, p99, p999, max, (ko == "-" ? 0 : ko) }' "$1"
}

for fraction in $FRACTIONS; do
  rate=$(awk -v r="$wrk_rps" -v f="$fraction" 'BEGIN {printf "%d", r * f}')
  log "load kit: get by id at $rate arrivals/s ($fraction of wrk's rate), ${KIT_WARMUP} s ramp + ${DURATION} s"
  # Without its ramp's requests in the console's global figures: the JIT is warm already.
  kit "get-$rate" SCENARIOS=get RATE="$rate" WARMUP=0
  printf 'gatling\t%s\t%s\n' "$rate" "$(kit_figures "$RAW/kit-get-$rate.log")" >> "$TABLE"
done

low=$(awk -v r="$wrk_rps" -v f="${FRACTIONS%% *}" 'BEGIN {printf "%d", r * f}')
log "load kit: the mix at $low arrivals/s"
kit mix SCENARIOS=mix RATE="$low"
log "load kit: the feed, $FEED_SUBSCRIBERS streams, $FEED_RATE creates/s for their users"
kit feed SCENARIOS=feed
mix_figures=$(kit_figures "$RAW/kit-mix.log")
feed_line=$(grep '^load kit: feed' "$RAW/kit-feed.log" || echo "load kit: feed delivery: no summary (see $RAW/kit-feed.log)")
assertions=$(grep -hE ': (true|false) \(actual' "$RAW/kit-mix.log" "$RAW/kit-feed.log" || true)
reports=$(awk '/^Report:/ {print $2}' "$RAW/kit-mix.log" "$RAW/kit-feed.log" | tr '\n' ' ')

# The chart: latency percentiles against the arrival rate (log latency), wrk's closed-loop point beside them.
xmax=$(awk -v r="$wrk_rps" 'BEGIN {printf "%d", r * 1.1 + 1}')
gnuplot <<EOF
set terminal pngcairo size 1100,560 font "sans,10"
set output "$CHART"
set multiplot layout 1,2 title "Get by id on 2 shared cores: open model (Gatling) against closed loop (wrk, $CONNECTIONS connections)"
set logscale y
set grid
set key top left
set title "Latency against offered rate (log scale)"
set xlabel "arrivals per second (Gatling) or requests per second (wrk)"
set ylabel "latency, ms"
set xrange [0:$xmax]
plot "< awk -F'\\t' '\$1 == \"gatling\"' $TABLE" using 2:4 with linespoints lw 2 pt 7 title "Gatling p50", \
     "" using 2:6 with linespoints lw 2 pt 5 title "Gatling p99", \
     "" using 2:8 with linespoints lw 2 pt 9 title "Gatling max", \
     "< awk -F'\\t' '\$1 == \"wrk\"' $TABLE" using 3:4 with points pt 6 ps 2 lw 2 title "wrk p50", \
     "" using 3:6 with points pt 4 ps 2 lw 2 title "wrk p99", \
     "" using 3:8 with points pt 8 ps 2 lw 2 title "wrk max"
unset logscale y
set title "Throughput achieved against offered"
set ylabel "requests per second"
set yrange [0:$xmax]
plot "< awk -F'\\t' '\$1 == \"gatling\"' $TABLE" using 2:3 with linespoints lw 2 pt 7 title "Gatling, achieved", \
     "< awk -F'\\t' '\$1 == \"gatling\"' $TABLE" using 2:2 with lines dt 2 title "offered", \
     "< awk -F'\\t' '\$1 == \"wrk\"' $TABLE" using 3:3 with points pt 6 ps 2 lw 2 title "wrk (closed loop: what it reaches)"
unset multiplot
EOF

{
  echo "# Open model (Gatling) against closed loop (wrk)"
  echo
  echo "Made by \`bench/load-compare.sh\` on $started_at at commit \`$(git rev-parse --short HEAD)\`, $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'))."
  echo "**The machine was shared with other builds and test suites at the time** (load average $(cut -d' ' -f1-3 /proc/loadavg) at"
  echo "the end, on 2 cores): the server, PostgreSQL, PgBouncer, the load generator and other work all on the same cores,"
  echo "so these figures show the difference between the two ways of measuring, not what the server can do."
  echo
  echo "Data: $USERS users × $TASKS_PER_USER tasks; the server as bench/run.sh starts it (pooled through PgBouncer, \`$BENCH_JAVA_OPTS\`);"
  echo "${JIT_WARMUP} s of wrk's mix first, then one run at a time, each ${DURATION} s measured."
  echo
  echo "## Get by id"
  echo
  echo "| Load | Offered | Achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | Failed |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    $1 == "wrk" { printf "| wrk, closed loop, %s connections | (as fast as answered) | %s | %s | %s | %s | - | %s | %s |\n", $2, $3, $4, $5, $6, $8, $9 }
    $1 == "gatling" { printf "| Gatling, open model | %s/s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8, $9 }' "$TABLE"
  echo
  echo "![latency against offered rate](load-gatling.png)"
  echo
  echo "wrk's latency is measured from each request's send, and a connection sends its next request only once the"
  echo "answer came: while the server stalls, no request waits, so the stall shows once per connection instead of"
  echo "for every request that would have arrived meanwhile (coordinated omission). Its throughput is what the server"
  echo "reaches with $CONNECTIONS requests always in flight, so its latency is mostly that queue ($CONNECTIONS ÷ throughput)."
  echo "Gatling's virtual users arrive at the set rate whatever the latency, as users do: a stall queues every"
  echo "arrival behind it and each of them counts. Its figures say what a user meets at that rate."
  echo "Both load generators run on the server's two cores: Gatling, a JVM that keeps a virtual user per request,"
  echo "takes more of them than wrk, so under Gatling the server has less CPU left than under wrk, and the fractions of"
  echo "wrk's rate here are larger fractions of what the server can do beside Gatling. On a machine of its own the load"
  echo "generator's cost stays off the server's cores; here it is part of what is measured."
  echo
  echo "## The mix and the feed (the kit's assertions)"
  echo
  echo "The mix at $low arrivals/s (all its requests together: $(awk -F'\t' '{printf "%s req/s, p50 %s ms, p90 %s, p99 %s, p99.9 %s, max %s, failed %s", $1, $2, $3, $4, $5, $6, $7}' <<< "$mix_figures")),"
  echo "then the feed: $FEED_SUBSCRIBERS SSE subscribers, $FEED_RATE creates/s written for their users in turn (reports: \`${reports:-none}\`)."
  echo
  echo '```'
  echo "$feed_line"
  echo "$assertions"
  echo '```'
} > "$OUT"
cat "$OUT"
log "wrote $OUT and $CHART"
