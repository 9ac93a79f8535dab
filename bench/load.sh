#!/usr/bin/env bash
# The load kit in one command: bench/load.sh BASE_URL TOKEN_FILE
#
# Runs the Gatling simulation in bench/gatling/ (its own Maven project, outside the server's build) against any
# Taskflow server, as the users whose tokens the server's seed command wrote:
#   java -jar target/taskflow.jar seed --users 1000 --tasks-per-user 100 --tokens-out tokens.txt
# It needs nothing else: task ids are read from the server before the run. Open workload: virtual users arrive at
# RATE per second whatever the server's latency. Writes Gatling's HTML report and prints where; exits non-zero when
# an assertion (the goals in bench/README.md) is missed.
#
# Settings (environment variables):
#   SCENARIOS="get list create mix feed"   which run, one after another, in one report
#   RATE=100             arrivals (requests) per second in the HTTP scenarios
#   WARMUP=10            seconds of each HTTP scenario ramped from 1 to RATE, reported apart ("warm-up: …")
#   DURATION=30          seconds each scenario is measured at RATE
#   P99_MS=50            goal for each measured request's p99, in ms
#   MAX_ERROR_PERCENT=0  largest share of failed requests allowed
#   USERS=0              how many of the file's tokens to use (0: all)
#   FEED_SUBSCRIBERS=100 FEED_RATE=50   SSE streams (one per user), and creates per second for their users
#   FEED_MAX_DELAY_MS=200 FEED_LATE_PERCENT=1   an event later than this (receipt − createdAt) counts as late;
#                        at most this share of awaited events may be late or missing
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_URL=${1:-${BASE_URL:-}}
TOKENS=${2:-${TOKENS:-}}
if [ -z "$BASE_URL" ] || [ -z "$TOKENS" ]; then
  echo "usage: bench/load.sh BASE_URL TOKEN_FILE   (settings as environment variables: see the top of this script)" >&2
  exit 2
fi
[ -r "$TOKENS" ] || { echo "load.sh: cannot read the token file $TOKENS" >&2; exit 2; }
TOKENS=$(realpath "$TOKENS")

if [ -f scripts/jdk.sh ]; then
  source scripts/jdk.sh
  select_jdk >/dev/null
fi

RESULTS=bench/gatling/target/gatling
status=0
./mvnw -B -ntp -f bench/gatling/pom.xml gatling:test \
  -DbaseUrl="$BASE_URL" -Dtokens="$TOKENS" -Dusers="${USERS:-0}" \
  -Dscenarios="$(tr -s " " "," <<< "${SCENARIOS:-get list create mix feed}")" -Drate="${RATE:-100}" -Dwarmup="${WARMUP:-10}" \
  -Dduration="${DURATION:-30}" -Dp99Ms="${P99_MS:-50}" -DmaxErrorPercent="${MAX_ERROR_PERCENT:-0}" \
  -DfeedSubscribers="${FEED_SUBSCRIBERS:-100}" -DfeedRate="${FEED_RATE:-50}" \
  -DfeedMaxDelayMs="${FEED_MAX_DELAY_MS:-200}" -DfeedLatePercent="${FEED_LATE_PERCENT:-1}" || status=$?

report=$(ls -1dt "$RESULTS"/*/ 2>/dev/null | head -1)
if [ -n "$report" ] && [ -f "$report/index.html" ]; then
  echo
  echo "Report: ${report}index.html"
  echo "  open it: xdg-open ${report}index.html"
  echo "  or serve it: (cd $report && python3 -m http.server 8000), then http://127.0.0.1:8000/"
fi
[ "$status" -eq 0 ] || echo "load.sh: the run failed or missed a goal (exit $status): see the assertions above" >&2
exit "$status"
