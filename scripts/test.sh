#!/usr/bin/env bash
# The whole test suite against real services: PostgreSQL direct, PgBouncer (transaction mode) pooled.
# Each run creates its own database and drops it at the end. Extra arguments go to Maven (e.g. -Dtest=HealthIntegrationTest).
# With TEST_DATABASE=testcontainers the suite uses a PostgreSQL container instead (a Docker engine, or Podman
# prepared by scripts/containers.sh); a full run (no arguments) ends with four classes run that way.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
# The watch page is tested in a real headless browser.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "test: installing chromium and chromium-driver" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
fi
if [ "${TEST_DATABASE:-}" = "testcontainers" ]; then
  # A Docker engine as it is, or Podman through its Docker API socket with the local PostgreSQL image
  # (docs/containers.md). Ryuk cannot be pulled without a registry: containers a crashed run left are removed here.
  # A fresh API service for each run: one left running from an earlier run was seen to fail every container start.
  scripts/containers.sh stop-socket >/dev/null 2>&1 || true
  prepared=$(scripts/containers.sh socket) || { echo "test: TEST_DATABASE=testcontainers: ${prepared##*$'\n'}" >&2; exit 1; }
  if [ "${prepared##*$'\n'}" = engine=podman ]; then
    export DOCKER_HOST=unix:///run/podman/podman.sock TESTCONTAINERS_RYUK_DISABLED=true
    export TEST_POSTGRES_IMAGE=${TEST_POSTGRES_IMAGE:-localhost/postgres:15-local}
    leftovers=$(podman ps -aq --filter label=org.testcontainers=true)
    if [ -n "$leftovers" ]; then podman rm -f $leftovers >/dev/null; fi
  fi
  status=0
  ./mvnw -B -ntp verify "$@" || status=$?
  scripts/containers.sh stop-socket >/dev/null 2>&1 || true
  exit $status
fi
scripts/local-services.sh start >/dev/null
./mvnw -B -ntp verify "$@"
# A full run also takes the database, migration, health and task-API classes again against a PostgreSQL container
# that Testcontainers starts (a Docker engine, or Podman's API socket), or says in one line why it cannot.
if [ $# -eq 0 ]; then
  if engine=$(scripts/containers.sh socket 2>/dev/null | tail -1) && [[ $engine == engine=* ]]; then
    echo "test: the Testcontainers classes ($engine)" >&2
    TEST_DATABASE=testcontainers "$0" -Dtest='MigrationsIntegrationTest,DbCommandIntegrationTest,TaskApiIntegrationTest,HealthIntegrationTest' \
      -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
  else
    echo "test: SKIPPED the Testcontainers classes: ${engine:-containers cannot run here}" >&2
  fi
fi
