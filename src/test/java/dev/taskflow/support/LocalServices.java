package dev.taskflow.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster and PgBouncer for tests that stop and start them, so that a fault test never
 * disturbs the services the rest of the suite (or anyone else on the machine) is using.
 */
public final class LocalServices {

    private static final Map<String, String> FAULT_PAIR = Map.of(
            "PG_CLUSTER", "taskflow_fault",
            "PG_PORT", "5442",
            "BOUNCER_PORT", "6442",
            "BOUNCER_DIR", "/var/lib/postgresql/taskflow-pgbouncer-fault");

    private LocalServices() {
    }

    public static String pooledUrl() {
        return "postgresql://taskflow:taskflow@127.0.0.1:6442/taskflow";
    }

    public static String directUrl() {
        return "postgresql://taskflow:taskflow@127.0.0.1:5442/taskflow";
    }

    /** The private cluster's database, as the fault tests' servers see it. */
    public static TestDatabase database() {
        return TestDatabase.existing(pooledUrl(), directUrl());
    }

    public static void start() {
        Assumptions.assumeFalse(ContainerDatabase.enabled(), "the local services are not used with Testcontainers");
        run("start");
    }

    /** After a fault test: whatever it stopped is started again, then its server (if it started) is closed. */
    public static void restoreAndClose(TestServer server) {
        start();
        if (server != null) {
            server.close();
        }
    }

    public static void stopPgBouncer() {
        run("stop-pgbouncer");
    }

    public static void startPgBouncer() {
        run("start-pgbouncer");
    }

    public static void stopPostgres() {
        run("stop-postgres");
    }

    public static void startPostgres() {
        run("start-postgres");
    }

    private static void run(String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", script().toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(FAULT_PAIR);
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("local-services.sh " + command + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("local-services.sh " + command + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        return Path.of("scripts", "local-services.sh").toAbsolutePath();
    }
}
