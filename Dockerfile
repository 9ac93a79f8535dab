# The Taskflow server as a container image, from the jar `./mvnw -DskipTests package` builds (target/taskflow.jar):
#   ./mvnw -B -q -DskipTests package && docker build -t taskflow .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=... -e MIGRATION_DATABASE_URL=... -e BETTER_AUTH_SECRET=... taskflow
#   docker run --rm -e MIGRATION_DATABASE_URL=... taskflow db upgrade      (the CLI: db …, seed …)
# docs/containers.md has the rest (compose, Podman, the tests).
#
# BASE_IMAGE: any Java 21+ runtime image with bash and useradd (Debian or Ubuntu based) and `java` on PATH.
# The default is Eclipse Temurin's JRE 21 on Ubuntu; the tests build with a local image (scripts/containers.sh).
ARG BASE_IMAGE=eclipse-temurin:21-jre

# Spring Boot's layered extraction: the dependencies (which change rarely) and the application (which changes on
# every build) become separate image layers, so a rebuild after a code change ships only the small one.
FROM ${BASE_IMAGE} AS layers
WORKDIR /extract
COPY target/taskflow.jar taskflow.jar
RUN java -Djarmode=tools -jar taskflow.jar extract --layers --launcher --destination layers

FROM ${BASE_IMAGE}
RUN groupadd --system --gid 10001 taskflow \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin taskflow
WORKDIR /app
# Least changing first. Files stay root's: the server only reads them.
COPY --from=layers /extract/layers/dependencies/ ./
COPY --from=layers /extract/layers/spring-boot-loader/ ./
COPY --from=layers /extract/layers/snapshot-dependencies/ ./
COPY --from=layers /extract/layers/application/ ./
COPY scripts/container-healthcheck.sh /usr/local/bin/taskflow-healthcheck
USER 10001:10001

# The heap follows the container's memory limit; JAVA_OPTS comes after, so -XX:MaxRAMPercentage=… or -Xmx… there
# wins, and other JVM flags are added to it. Settings come from the environment (or a .env mounted at /app/.env).
ENV JAVA_OPTS=""
EXPOSE 8080
# The liveness probe (GET /actuator/health/liveness), on MANAGEMENT_PORT when that is set.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/taskflow-healthcheck"]
# Exec form, and the shell execs java: the JVM is PID 1 and gets SIGTERM itself (graceful drain, exit 143).
# Arguments are the jar's: none serves HTTP; `db upgrade`, `db status`, `seed …` run the CLI.
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:MaxRAMPercentage=75 $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "taskflow"]
