package dev.taskflow.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local services as Neon serves them: PostgreSQL with TLS and SCRAM on 5432,
 * PgBouncer taking only TLS clients on 6433, next to the plain PgBouncer on 6432 (a
 * server without TLS). {@code scripts/local-services.sh} makes the local CA and the
 * certificate (for {@code localhost} only, so {@code 127.0.0.1} is a host it does not
 * name).
 */
public final class LocalTls {

	public static final String HOST = "localhost";

	/** The same server under a name its certificate does not carry. */
	public static final String UNNAMED_HOST = "127.0.0.1";

	public static final int POSTGRES_PORT = 5432;

	public static final int TLS_POOLER_PORT = 6433;

	public static final int PLAIN_POOLER_PORT = 6432;

	public static final Path CA = Path.of("/var/lib/postgresql/taskflow-tls/ca.crt");

	private static boolean started;

	private LocalTls() {
	}

	/**
	 * Starts (idempotently, once per run) the main services, certificates included; skips
	 * with Testcontainers.
	 */
	public static synchronized void start() {
		Assumptions.assumeFalse(ContainerDatabase.enabled(),
				"TLS, SCRAM and the TLS PgBouncer are set up by scripts/local-services.sh, not in the Testcontainers database");
		if (!started) {
			run(List.of("bash", Path.of("scripts", "local-services.sh").toAbsolutePath().toString(), "start"), Map.of(),
					120);
			started = true;
		}
	}

	/** A connection string as a user pastes it, with the local user's password. */
	public static String url(String host, int port, String database, String query) {
		return "postgresql://taskflow:taskflow@" + host + ":" + port + "/" + database
				+ (query.isEmpty() ? "" : "?" + query);
	}

	/**
	 * Rows of a PgBouncer admin command ({@code SHOW CLIENTS}) on the TLS PgBouncer, each
	 * as column → value. Through psql: the console speaks only the simple query protocol
	 * and refuses what both Java drivers send first.
	 */
	public static List<Map<String, String>> poolerAdmin(String command) {
		List<String> lines = run(
				List.of("psql", "-X", "-A", "-F", "\t", "-P", "footer=off", "-h", UNNAMED_HOST, "-p",
						Integer.toString(TLS_POOLER_PORT), "-U", "taskflow", "-d", "pgbouncer", "-c", command),
				Map.of("PGPASSWORD", "taskflow", "PGSSLMODE", "require"), 15);
		List<String> columns = List.of(lines.getFirst().split("\t", -1));
		List<Map<String, String>> rows = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split("\t", -1);
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < columns.size() && i < values.length; i++) {
				row.put(columns.get(i), values[i]);
			}
			rows.add(row);
		}
		return rows;
	}

	private static List<String> run(List<String> command, Map<String, String> environment, int seconds) {
		Path output = null;
		try {
			// Into a file, so that the wait below bounds everything, however the command
			// behaves.
			output = Files.createTempFile("taskflow-local-tls", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(environment);
			builder.environment().put("PGCONNECT_TIMEOUT", "5");
			Process process = builder.start();
			if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish in " + seconds + " s");
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + text);
			}
			return text.lines().toList();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

}
