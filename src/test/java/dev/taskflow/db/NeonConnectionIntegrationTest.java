package dev.taskflow.db;

import dev.taskflow.config.SettingsException;
import dev.taskflow.support.LocalTls;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static dev.taskflow.support.LocalTls.CA;
import static dev.taskflow.support.LocalTls.HOST;
import static dev.taskflow.support.LocalTls.PLAIN_POOLER_PORT;
import static dev.taskflow.support.LocalTls.POSTGRES_PORT;
import static dev.taskflow.support.LocalTls.TLS_POOLER_PORT;
import static dev.taskflow.support.LocalTls.UNNAMED_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Neon's connection strings, pasted as they are, against local services that serve them
 * the way Neon does: every connection TLS with SCRAM passwords, PostgreSQL direct on 5432
 * and PgBouncer taking only TLS clients on 6433, with a certificate from a local CA that
 * names {@code localhost} only. The plain PgBouncer on 6432 is a server without TLS. A
 * TLS or password problem stops startup at once with one line naming the setting, instead
 * of being retried as if the database were waking up.
 */
class NeonConnectionIntegrationTest {

	/** Far longer than any failure below may take: they must not be waiting for it. */
	private static final String STARTUP_TIMEOUT = "60";

	/** A child JVM's whole startup included. */
	private static final Duration AT_ONCE = Duration.ofSeconds(15);

	private static TestDatabase database;

	@BeforeAll
	static void services() {
		LocalTls.start();
		database = TestDatabase.create();
	}

	@Test
	void neonShapedStringsServeRequestsOverTlsOnEveryConnection() {
		// As Neon's console gives them. PgBouncer cannot bind the pooled channel (Neon's
		// proxy can), so there require
		// is taken as prefer; the direct endpoint binds it.
		String pooled = url(HOST, TLS_POOLER_PORT, "sslmode=require&channel_binding=require");
		String direct = url(HOST, POSTGRES_PORT, "sslmode=require&channel_binding=require");

		try (TestServer server = TestServer.start(database,
				Map.of("DATABASE_URL", pooled, "MIGRATION_DATABASE_URL", direct))) {
			registerLogInCreateAndRead(server);

			List<Map<String, String>> clients = serverClientsOfPgBouncer();
			assertThat(clients).as("the server's connections to PgBouncer")
				.isNotEmpty()
				.allSatisfy(client -> assertThat(client.get("tls")).as("TLS of %s", client).startsWith("TLSv1"))
				.allSatisfy(client -> assertThat(client.get("application_name")).isEqualTo("taskflow"));
			awaitTrue("the LISTEN session over TLS", () -> sessions(NotificationListener.APPLICATION_NAME, true) == 1);
			assertThat(database.count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) "
					+ "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT s.ssl"))
				.as("connections to PostgreSQL without TLS, PgBouncer's own included")
				.isZero();
		}
	}

	@Test
	void verifyFullWithTheLocalCaAsSslRootCertWorksOnBothEndpointsWithTheirApplicationNames() {
		String verified = "sslmode=verify-full&sslrootcert=" + CA + "&connect_timeout=5";
		String pooled = url(HOST, TLS_POOLER_PORT, verified + "&application_name=neon-test-pooled");
		String direct = url(HOST, POSTGRES_PORT,
				verified + "&channel_binding=require&application_name=neon-test-direct");

		try (TestServer server = TestServer.start(database,
				Map.of("DATABASE_URL", pooled, "MIGRATION_DATABASE_URL", direct))) {
			registerLogInCreateAndRead(server);

			assertThat(serverClientsOfPgBouncer()).isNotEmpty()
				.allSatisfy(client -> assertThat(client.get("application_name")).isEqualTo("neon-test-pooled"))
				.allSatisfy(client -> assertThat(client.get("tls")).startsWith("TLSv1"));
			assertThat(sessions("neon-test-pooled", true)).as("PgBouncer's server connections, named by the client")
				.isPositive();
			// R2DBC with channel binding required: the LISTEN session.
			awaitTrue("the LISTEN session under the URL's name", () -> sessions("neon-test-direct", true) == 1);
		}
	}

	@Test
	void channelBindingRequiredAgainstAServerWithoutTlsFailsNamingTheMigrationUrl() throws Exception {
		Refusal refusal = childFails(Map.of("MIGRATION_DATABASE_URL",
				url(HOST, PLAIN_POOLER_PORT, "sslmode=require&channel_binding=require")));

		refusal.assertNames("MIGRATION_DATABASE_URL", "The server does not support SSL");
	}

	@Test
	void aHostTheCertificateDoesNotNameFailsAtOnce() throws Exception {
		Refusal refusal = childFails(
				Map.of("DATABASE_URL", url(UNNAMED_HOST, TLS_POOLER_PORT, "sslmode=verify-full&sslrootcert=" + CA)));

		refusal.assertNames("DATABASE_URL", "certificate does not name this host");
	}

	@Test
	void aCertificateNoTrustedCaSignedFailsAtOnce() {
		// sslrootcert=system: the JVM's trust store decides, and it does not know the
		// local CA.
		Refusal refusal = fails(
				Map.of("MIGRATION_DATABASE_URL", url(HOST, POSTGRES_PORT, "sslmode=verify-full&sslrootcert=system")));

		refusal.assertNames("MIGRATION_DATABASE_URL", "certificate is not trusted");
	}

	@Test
	void requiringTlsFromAServerWithoutItFailsAtOnceNotAfterTheStartupTimeout() {
		Refusal refusal = fails(Map.of("DATABASE_URL", url(HOST, PLAIN_POOLER_PORT, "sslmode=require")));

		refusal.assertNames("DATABASE_URL", "The server does not support SSL");
	}

	@Test
	void aWrongPasswordFailsAtOnceWithThePasswordMasked() {
		String wrong = "postgresql://taskflow:not-the-password@" + HOST + ":" + POSTGRES_PORT + "/" + database.name()
				+ "?sslmode=require";
		Refusal refusal = fails(Map.of("MIGRATION_DATABASE_URL", wrong));

		refusal.assertNames("MIGRATION_DATABASE_URL", "password authentication failed");
		assertThat(refusal.line()).doesNotContain("not-the-password");
	}

	@Test
	void connectTimeoutBoundsEachAttemptOnASilentServer() throws Exception {
		// Accepts connections (the kernel does) and never answers, as a dark network
		// path.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String direct = "postgresql://taskflow:taskflow@127.0.0.1:" + silent.getLocalPort() + "/" + database.name()
					+ "?connect_timeout=1";

			// With the default of 10 s, one attempt would outlast the 2 s of
			// DB_STARTUP_TIMEOUT.
			assertThatThrownBy(() -> TestServer.start(database,
					Map.of("MIGRATION_DATABASE_URL", direct, "DB_STARTUP_TIMEOUT", "2")))
				.hasStackTraceContaining("(MIGRATION_DATABASE_URL) did not answer within 2 s (DB_STARTUP_TIMEOUT)")
				.hasStackTraceContaining(" attempts of at most 1 s (connect_timeout)");
		}
	}

	private static String url(String host, int port, String query) {
		return LocalTls.url(host, port, database.name(), query);
	}

	/** The API end to end: a new account, its token, a task written and read back. */
	private static void registerLogInCreateAndRead(TestServer server) {
		WebTestClient http = server.client();
		String username = "neon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		http.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", username + "@example.test", "username", username, "password", "Neon-Pass-1!",
					"fullName", "Ada Lovelace"))
			.exchange()
			.expectStatus()
			.isCreated();
		String token = http.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", username, "password", "Neon-Pass-1!"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("accessToken")
			.toString();
		String bearer = "Bearer " + token;
		http.post()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"over TLS\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		http.get()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].title")
			.isEqualTo("over TLS");
	}

	/** PgBouncer's clients on this test's database: the server's pooled connections. */
	private static List<Map<String, String>> serverClientsOfPgBouncer() {
		return LocalTls.poolerAdmin("SHOW CLIENTS")
			.stream()
			.filter(client -> database.name().equals(client.get("database")))
			.toList();
	}

	/**
	 * Sessions on this test's database under an application name, with or without TLS
	 * (not this one's).
	 */
	private static long sessions(String applicationName, boolean tls) {
		return database.count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) "
				+ "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.application_name = ? "
				+ "AND s.ssl = ?", applicationName, tls);
	}

	private static void awaitTrue(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(what + ": not within 10 s");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
	}

	/**
	 * Starts the server in this JVM, expecting startup to fail; returns what the user
	 * would read.
	 */
	private static Refusal fails(Map<String, String> overrides) {
		Map<String, String> settings = new HashMap<>(overrides);
		settings.putIfAbsent("DB_STARTUP_TIMEOUT", STARTUP_TIMEOUT);
		long start = System.nanoTime();
		try (TestServer ignored = TestServer.start(database, settings)) {
			throw new AssertionError("the server started with " + overrides);
		}
		catch (RuntimeException e) {
			return new Refusal(userFacingMessage(e), "", Duration.ofNanos(System.nanoTime() - start));
		}
	}

	/**
	 * What startup reports for a bad setting or an unreachable database, or a failure.
	 */
	private static String userFacingMessage(RuntimeException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SettingsException) {
				return cause.getMessage();
			}
		}
		FailureAnalysis analysis = new DatabaseUnavailableFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("the failure analysis of %s", failure).isNotNull();
		return analysis.getDescription();
	}

	/**
	 * Starts the server's main class in a child JVM, as a user would, expecting startup
	 * to fail; returns the line that names a variable, and everything the process wrote.
	 */
	private static Refusal childFails(Map<String, String> overrides) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(entry -> !entry.isBlank())
			.collect(Collectors.joining(File.pathSeparator));
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, "dev.taskflow.TaskflowApplication");
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("DATABASE_URL") || name.startsWith("DB_")
					|| name.equals("MIGRATION_DATABASE_URL") || name.equals("BETTER_AUTH_SECRET")
					|| name.endsWith("PORT"));
		builder.environment().putAll(TestServer.defaultSettings(database));
		builder.environment().put("DB_STARTUP_TIMEOUT", STARTUP_TIMEOUT);
		builder.environment().putAll(overrides);
		Path output = Files.createTempFile("taskflow-neon", ".log");
		builder.redirectErrorStream(true).redirectOutput(output.toFile());
		long start = System.nanoTime();
		Process process = builder.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				throw new AssertionError(
						"the server neither started nor failed within 60 s:\n" + Files.readString(output));
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			String text = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as("exit code; output:\n%s", text).isEqualTo(2);
			// A refused URL is a bad setting: one line names it; nothing else does.
			String prefix = "taskflow: invalid setting ";
			List<String> lines = text.lines()
				.filter(line -> line.matches("^" + prefix + "[A-Z_]+_URL: .*"))
				.map(line -> line.substring(prefix.length()))
				.toList();
			assertThat(lines).as("lines naming a variable; output:\n%s", text).hasSize(1);
			assertThat(text).as("output")
				.doesNotContain("\tat ")
				.doesNotContain("Caused by")
				.doesNotContain("not reachable yet")
				.doesNotContain(":taskflow@");
			return new Refusal(lines.getFirst(), text, elapsed);
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(output);
		}
	}

	/**
	 * What startup failed with: the one line, the whole output of a child process, and
	 * how long it took.
	 */
	private record Refusal(String line, String output, Duration elapsed) {

		/**
		 * At once, one line that names the variable, says what is wrong and hides the
		 * password.
		 */
		void assertNames(String variable, String problem) {
			assertThat(line).doesNotContain("\n")
				.startsWith(variable + ": postgresql://taskflow:****@")
				.contains(" was refused: ")
				.contains(problem);
			assertThat(elapsed).as("time to fail, with DB_STARTUP_TIMEOUT=" + STARTUP_TIMEOUT).isLessThan(AT_ONCE);
		}
	}

}
