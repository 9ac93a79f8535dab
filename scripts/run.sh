#!/usr/bin/env bash
# Builds the jar if needed and serves HTTP on $PORT (default 8080).
# Without DATABASE_URL (in the environment or .env) it starts the local PostgreSQL and PgBouncer and uses them.
# Arguments are passed to the jar, so `scripts/run.sh db status` works too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk

if [ -z "${DATABASE_URL:-}" ] && ! grep -qs '^[[:space:]]*\(export[[:space:]]\+\)\?DATABASE_URL=' .env; then
  eval "$(scripts/local-services.sh start)"
  export DATABASE_URL MIGRATION_DATABASE_URL
  echo "run: using local PostgreSQL (direct) and PgBouncer (pooled): ${DATABASE_URL/:taskflow@/:****@}" >&2
  # The local services' development secret; set your own for anything real.
  export BETTER_AUTH_SECRET="${BETTER_AUTH_SECRET:-local-development-secret-not-for-production-use}"
fi

if [ ! -f target/taskflow.jar ] || [ -n "$(find src db-changelog pom.xml -newer target/taskflow.jar -print -quit)" ]; then
  ./mvnw -B -q -ntp -DskipTests package
fi
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar target/taskflow.jar "$@"
