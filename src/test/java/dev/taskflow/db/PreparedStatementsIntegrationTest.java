package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements through the pooler in transaction mode, read off PgBouncer's own counters
 * for a database of this class's own. By default the driver names its statements and
 * PgBouncer (1.21 or later, as on Neon) keeps them across server connections, so
 * PostgreSQL parses and plans a statement once per server connection instead of on every
 * request. {@code DB_PREPARED_STATEMENTS=false} is for a pooler that cannot: every
 * statement unnamed.
 */
class PreparedStatementsIntegrationTest {

	private static final int REQUESTS = 100;

	@Test
	void byDefaultAStatementIsParsedOncePerServerConnectionNotOncePerRequest() {
		TestDatabase database = TestDatabase.create();
		try (TestServer server = TestServer.start(database, Map.of())) {
			TestUser user = TestUsers.create(database);
			String path = "/api/v1/tasks/" + createTask(server, user);
			PoolerCounters before = PoolerCounters.of(database);
			readRepeatedly(server, user, path);
			PoolerCounters spent = PoolerCounters.of(database).minus(before);

			assertThat(spent.binds()).as("executions of named statements").isGreaterThanOrEqualTo(REQUESTS);
			assertThat(spent.serverParses()).as("statements parsed by PostgreSQL").isLessThan(spent.binds() / 5);
		}
	}

	@Test
	void switchedOffEveryStatementIsUnnamed() {
		TestDatabase database = TestDatabase.create();
		try (TestServer server = TestServer.start(database, Map.of("DB_PREPARED_STATEMENTS", "false"))) {
			TestUser user = TestUsers.create(database);
			String path = "/api/v1/tasks/" + createTask(server, user);
			PoolerCounters before = PoolerCounters.of(database);
			readRepeatedly(server, user, path);
			PoolerCounters spent = PoolerCounters.of(database).minus(before);

			assertThat(spent.transactions()).isGreaterThanOrEqualTo(REQUESTS);
			assertThat(spent.binds()).as("executions of named statements").isZero();
			assertThat(spent.clientParses()).as("named statements parsed").isZero();
		}
	}

	private static long createTask(TestServer server, TestUser user) {
		Number id = (Number) server.client()
			.post()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "read often"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		return id.longValue();
	}

	private static void readRepeatedly(TestServer server, TestUser user, String path) {
		for (int i = 0; i < REQUESTS; i++) {
			server.client()
				.get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, user.bearer())
				.exchange()
				.expectStatus()
				.isOk();
			server.client()
				.get()
				.uri("/api/v1/tasks?limit=5")
				.header(HttpHeaders.AUTHORIZATION, user.bearer())
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	/**
	 * PgBouncer's running totals for one database ({@code SHOW STATS} on its admin
	 * console).
	 */
	private record PoolerCounters(long transactions, long clientParses, long serverParses, long binds) {

		/**
		 * Through psql: the console speaks only the simple query protocol and refuses
		 * what both Java drivers send right after connecting (JDBC a SET, R2DBC a SHOW of
		 * the isolation level).
		 */
		static PoolerCounters of(TestDatabase database) {
			DatabaseUrl pooled = DatabaseUrl.parse("TEST_POOLED_URL", database.pooledUrl());
			ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-A", "-F", ",", "-h", pooled.host(), "-p",
					String.valueOf(pooled.port()), "-U", pooled.user(), "-d", "pgbouncer", "-c", "SHOW STATS")
				.redirectErrorStream(true);
			psql.environment().put("PGPASSWORD", pooled.password());
			try {
				Process process = psql.start();
				List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
					.toList();
				if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("SHOW STATS failed: " + lines);
				}
				List<String> columns = List.of(lines.getFirst().split(","));
				return lines.stream()
					.map(line -> List.of(line.split(",")))
					.filter(values -> values.getFirst().equals(database.name()))
					.map(values -> new PoolerCounters(Long.parseLong(values.get(columns.indexOf("total_xact_count"))),
							Long.parseLong(values.get(columns.indexOf("total_client_parse_count"))),
							Long.parseLong(values.get(columns.indexOf("total_server_parse_count"))),
							Long.parseLong(values.get(columns.indexOf("total_bind_count")))))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("PgBouncer has no statistics for " + database.name()));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}

		PoolerCounters minus(PoolerCounters earlier) {
			return new PoolerCounters(transactions - earlier.transactions, clientParses - earlier.clientParses,
					serverParses - earlier.serverParses, binds - earlier.binds);
		}
	}

}
