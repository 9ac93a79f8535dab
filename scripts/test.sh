#!/usr/bin/env bash
# The whole test suite against real services: PostgreSQL direct, PgBouncer (transaction mode) pooled.
# Each run creates its own database and drops it at the end. Extra arguments go to Maven (e.g. -Dtest=HealthIntegrationTest).
# With TEST_DATABASE=testcontainers (and a Docker engine) the suite uses a PostgreSQL container instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
if [ "${TEST_DATABASE:-}" != "testcontainers" ]; then
  scripts/local-services.sh start >/dev/null
fi
exec ./mvnw -B -ntp verify "$@"
