#!/usr/bin/env bash
# Draws bench/results/latency-throughput.png from a results table of bench/run.sh (bench/results/raw/results.tsv):
# bench/chart.sh RESULTS_TSV PNG. Two panels, both with p99 latency on a log scale: the scenarios through the server
# that touch the database (wrk) on a linear throughput axis, and what bounds them (pgbench's baselines, the floor,
# bare Reactor Netty) on a log one. On one shared linear axis, bare HTTP's ≈100,000 requests per second pressed every
# server scenario into its left edge.
set -euo pipefail
cd "$(dirname "$0")/.."

RESULTS=${1:?usage: bench/chart.sh RESULTS_TSV PNG}
CHART=${2:?usage: bench/chart.sh RESULTS_TSV PNG}
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT

# gnuplot data, one file per panel: one block per series (first line its title), each point
# "throughput p99 connections". The overload run is the get-by-id series' last point.
awk -F'\t' -v server="$DATA/server.dat" -v bounds="$DATA/bounds.dat" '
  $1 == "wrk" && $2 == "bare" { series = "bare Reactor Netty (no Spring)"; file = bounds }
  $1 == "wrk" && $2 == "floor" { series = "floor: GET /health with a token (no statement)"; file = bounds }
  $1 == "wrk" && $2 != "bare" && $2 != "floor" { series = ($2 == "get" || $2 == "overload" ? "get by id" : $2 == "list" ? "first page + total" : $2 == "create" ? "create" : "mix 80/15/5"); file = server }
  $1 == "pgbench" && ($2 == "select" || $2 == "insert") { series = "pgbench " $2 " (" ($3 == "pooled" ? "PgBouncer" : "direct") ")"; file = bounds }
  series != "" && $5 != "" { if (!(series in seen)) { order[++n] = series; seen[series] = 1; where[series] = file }
                             points[series] = points[series] sprintf("%s %s %s\n", $5, $7, $4) }
  { series = "" }
  END {
    for (i = 1; i <= n; i++) { s = order[i]; printf "\"%s\"\n%s\n\n", s, points[s] > where[s] }
  }' "$RESULTS"
touch "$DATA/server.dat" "$DATA/bounds.dat"
server_blocks=$(grep -c '^"' "$DATA/server.dat" || true)
bounds_blocks=$(grep -c '^"' "$DATA/bounds.dat" || true)

{
  cat <<GNUPLOT
set terminal pngcairo size 1400,620 font "sans,10"
set output "$CHART"
set multiplot layout 1,2 title "Taskflow on 2 cores: p99 latency against throughput (labels: connections or clients; log latency scale)"
set logscale y
set grid
set ylabel "p99 latency, ms"
set key top left
set xlabel "requests per second"
set title "Through the server to the database (wrk, closed loop)"
set xrange [0:*]
GNUPLOT
  if [ "$server_blocks" -gt 0 ]; then
    echo "plot for [i=0:$((server_blocks - 1))] \"$DATA/server.dat\" index i using 1:2 with linespoints pointsize 1.3 linewidth 2 title columnheader(1), \\"
    echo "     for [i=0:$((server_blocks - 1))] \"$DATA/server.dat\" index i using 1:2:3 with labels offset 0,1 notitle"
  fi
  cat <<GNUPLOT
set title "What bounds them: pgbench's baselines, the floor, HTTP alone (log throughput scale)"
set key top right
set xlabel "transactions or requests per second"
set logscale x
set xrange [*:*]
GNUPLOT
  if [ "$bounds_blocks" -gt 0 ]; then
    echo "plot for [i=0:$((bounds_blocks - 1))] \"$DATA/bounds.dat\" index i using 1:2 with linespoints pointsize 1.3 linewidth 2 title columnheader(1), \\"
    echo "     for [i=0:$((bounds_blocks - 1))] \"$DATA/bounds.dat\" index i using 1:2:3 with labels offset 0,1 notitle"
  fi
  echo "unset multiplot"
} | gnuplot
