#!/usr/bin/env bash
# The whole test suite against real services: PostgreSQL direct, PgBouncer (transaction mode) pooled.
# Each run creates its own database and drops it at the end. Extra arguments go to Maven.
# ./mvnw test alone runs the fast tests (surefire); the *IntegrationTest and *IT classes run in failsafe, after packaging.
# Some classes only: -Dtest=A,B runs just those, whichever kind, in surefire (failsafe is then skipped), e.g.
#   scripts/test.sh -Dtest=HealthIntegrationTest
# In failsafe itself (needed for the *IT classes, which run the packaged jar), name them with -Dit.test:
#   scripts/test.sh -Dit.test=PackagedJarIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
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
# -Dtest overrides surefire's excludes, so the classes it names run there whatever their kind; failsafe would then
# run every integration class besides. Prints -DskipITs when -Dtest is given and -Dit.test is not.
only_named_tests() {
  local arg named=false
  for arg in "$@"; do
    case $arg in
      -Dit.test=*) return 0 ;;
      -Dtest=*) named=true ;;
    esac
  done
  if $named; then echo -DskipITs; fi
}
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
  ./mvnw -B -ntp verify "$@" $(only_named_tests "$@") || status=$?
  scripts/containers.sh stop-socket >/dev/null 2>&1 || true
  exit $status
fi
scripts/local-services.sh start >/dev/null
./mvnw -B -ntp verify "$@" $(only_named_tests "$@")
# A full run also takes the database, migration, health and task-API classes again against a PostgreSQL container
# that Testcontainers starts (a Docker engine, or Podman's API socket), or says in one line why it cannot.
if [ $# -eq 0 ]; then
  if engine=$(scripts/containers.sh socket 2>/dev/null | tail -1) && [[ $engine == engine=* ]]; then
    echo "test: the Testcontainers classes ($engine)" >&2
    # Failsafe runs them (and not the packaged-jar *IT classes); -DskipTests would skip failsafe too.
    TEST_DATABASE=testcontainers "$0" -Dit.test='MigrationsIntegrationTest,DbCommandIntegrationTest,TaskApiIntegrationTest,HealthIntegrationTest' \
      -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
  else
    echo "test: SKIPPED the Testcontainers classes: ${engine:-containers cannot run here}" >&2
  fi
fi
