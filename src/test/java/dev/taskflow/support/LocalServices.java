package dev.taskflow.support;

import dev.taskflow.db.DatabaseUrl;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster and PgBouncer for tests that stop and start them, so that
 * a fault test never disturbs the services the rest of the suite (or anyone else on the
 * machine) is using.
 */
public final class LocalServices {

	private static final String BOUNCER_DIR = "/var/lib/postgresql/taskflow-pgbouncer-fault";

	private static final Map<String, String> FAULT_PAIR = Map.of("PG_CLUSTER", "taskflow_fault", "PG_PORT", "5442",
			"BOUNCER_PORT", "6442", "BOUNCER_DIR", BOUNCER_DIR);

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

	/**
	 * The private cluster's port, for a test that stands in for PostgreSQL while the
	 * cluster is stopped.
	 */
	public static int postgresPort() {
		return 5442;
	}

	/**
	 * A new, empty database on the private cluster (reached through its PgBouncer too,
	 * which serves any database), for a test that must see the schema made;
	 * {@link #dropDatabase} removes it.
	 */
	public static TestDatabase createDatabase() {
		String name = "taskflow_fault_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
		admin("CREATE DATABASE " + name);
		return TestDatabase.existing(withDatabase(pooledUrl(), name), withDatabase(directUrl(), name));
	}

	private static String withDatabase(String url, String name) {
		return url.substring(0, url.lastIndexOf('/') + 1) + name;
	}

	public static void dropDatabase(TestDatabase database) {
		admin("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
	}

	public static void start() {
		Assumptions.assumeFalse(ContainerDatabase.enabled(), "the local services are not used with Testcontainers");
		// A pooler left stopped by SIGSTOP would hang the script's readiness check: it is
		// resumed first.
		resumePgBouncer();
		run("start");
	}

	/**
	 * After a fault test: whatever it stopped is started again, then its server (if it
	 * started) is closed.
	 */
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

	/**
	 * Freezes PgBouncer with SIGSTOP: its sockets stay open and the kernel still accepts
	 * connections and data for it, but nothing answers, as when a network path goes dark.
	 * Always pair with {@link #resumePgBouncer()} in a finally.
	 */
	public static void pausePgBouncer() {
		signalPgBouncer("-STOP", true);
	}

	/** SIGCONT for a paused PgBouncer; harmless when it runs or is not there. */
	public static void resumePgBouncer() {
		signalPgBouncer("-CONT", false);
	}

	/**
	 * Runs commands on PgBouncer's admin console through psql (the console speaks only
	 * the simple query protocol and refuses what both Java drivers send right after
	 * connecting), returning the output as comma-separated lines, the first one naming
	 * the columns.
	 */
	public static List<String> pgBouncerAdmin(String... commands) {
		DatabaseUrl pooled = DatabaseUrl.parse("TEST_POOLED_URL", pooledUrl());
		List<String> command = new ArrayList<>(List.of("psql", "-X", "-A", "-F", ",", "-h", pooled.host(), "-p",
				String.valueOf(pooled.port()), "-U", pooled.user(), "-d", "pgbouncer"));
		for (String sql : commands) {
			command.add("-c");
			command.add(sql);
		}
		ProcessBuilder psql = new ProcessBuilder(command).redirectErrorStream(true);
		psql.environment().put("PGPASSWORD", pooled.password());
		psql.environment().put("PGCONNECT_TIMEOUT", "5");
		try {
			Process process = psql.start();
			// Read on another thread, so a console that does not answer cannot hold this
			// one past the bound.
			var output = new java.util.concurrent.CompletableFuture<String>();
			Thread.ofPlatform().start(() -> {
				try {
					output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
				}
				catch (IOException e) {
					output.completeExceptionally(e);
				}
			});
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("PgBouncer's console did not answer " + List.of(commands) + " in 15 s");
			}
			String text = output.get(5, TimeUnit.SECONDS);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("PgBouncer's console refused " + List.of(commands) + ": " + text);
			}
			return text.lines().toList();
		}
		catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/**
	 * PgBouncer's client connections to {@code database} with this application name, one
	 * map per row of SHOW CLIENTS.
	 */
	public static List<Map<String, String>> pgBouncerClients(String database, String applicationName) {
		List<String> lines = pgBouncerAdmin("SHOW CLIENTS");
		List<String> columns = List.of(lines.getFirst().split(",", -1));
		List<Map<String, String>> clients = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split(",", -1);
			if (values.length != columns.size()) {
				continue; // the "(n rows)" footer
			}
			Map<String, String> row = new java.util.LinkedHashMap<>();
			for (int i = 0; i < values.length; i++) {
				row.put(columns.get(i), values[i]);
			}
			if (database.equals(row.get("database")) && applicationName.equals(row.get("application_name"))) {
				clients.add(row);
			}
		}
		return clients;
	}

	private static void signalPgBouncer(String signal, boolean required) {
		String pid;
		try {
			pid = Files.readString(Path.of(BOUNCER_DIR, "pgbouncer.pid")).strip();
		}
		catch (IOException e) {
			if (required) {
				throw new IllegalStateException("PgBouncer's pid file is missing: is the private pair started?", e);
			}
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, pid).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || (kill.exitValue() != 0 && required)) {
				throw new IllegalStateException("kill " + signal + " " + pid + " failed");
			}
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static void admin(String sql) {
		DatabaseUrl url = DatabaseUrl.parse("TEST_DIRECT_URL", directUrl());
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot run '" + sql + "' on the private cluster: " + e.getMessage(), e);
		}
	}

	private static void run(String command) {
		ProcessBuilder builder = new ProcessBuilder("bash", script().toString(), command).redirectErrorStream(true)
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
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static Path script() {
		return Path.of("scripts", "local-services.sh").toAbsolutePath();
	}

}
