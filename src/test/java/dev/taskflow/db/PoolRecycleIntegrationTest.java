package dev.taskflow.db;

import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DB_POOL_RECYCLE: a pooled connection older than it is closed and replaced by a new one
 * at its next use, seen from the other end of the connection, PgBouncer's list of clients
 * (through a pooler in transaction mode the backend pid changes with every transaction,
 * so it tells nothing), and straight from PostgreSQL, where the backend pid does. Runs on
 * a database of its own on the private cluster.
 */
class PoolRecycleIntegrationTest {

	private static final Duration RECYCLE = Duration.ofSeconds(2);

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase() {
		LocalServices.start();
		database = LocalServices.createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		LocalServices.dropDatabase(database);
	}

	@Test
	void throughThePoolerAConnectionOlderThanDbPoolRecycleIsReplaced() throws InterruptedException {
		try (TestServer server = TestServer.start(database, settings())) {
			DatabaseClient client = server.bean(DatabaseClient.class);
			select(client);
			String first = onlyClientPort();
			select(client);
			assertThat(onlyClientPort()).as("the connection within DB_POOL_RECYCLE").isEqualTo(first);

			Thread.sleep(RECYCLE.plusMillis(500).toMillis());
			select(client);
			String second = onlyClientPort();
			assertThat(second).as("the connection used after DB_POOL_RECYCLE").isNotEqualTo(first);
		}
	}

	@Test
	void directlyTheBackendOfAConnectionOlderThanDbPoolRecycleIsReplacedAndEnds() throws InterruptedException {
		try (TestServer server = TestServer.start(database, withDirectPool())) {
			DatabaseClient client = server.bean(DatabaseClient.class);
			int first = backendPid(client);
			assertThat(backendPid(client)).as("the backend within DB_POOL_RECYCLE").isEqualTo(first);

			Thread.sleep(RECYCLE.plusMillis(500).toMillis());
			int second = backendPid(client);
			assertThat(second).as("the backend used after DB_POOL_RECYCLE").isNotEqualTo(first);
			awaitGone(first);
		}
	}

	private static Map<String, String> settings() {
		return Map.of("DB_POOL_SIZE", "1", "DB_MAX_OVERFLOW", "0", "DB_POOL_RECYCLE",
				Long.toString(RECYCLE.toSeconds()));
	}

	private static Map<String, String> withDirectPool() {
		Map<String, String> settings = new java.util.HashMap<>(settings());
		settings.put("DATABASE_URL", database.directUrl());
		return settings;
	}

	private static void select(DatabaseClient client) {
		client.sql("SELECT 1").map(row -> 1).first().block(Duration.ofSeconds(10));
	}

	private static int backendPid(DatabaseClient client) {
		return client.sql("SELECT pg_backend_pid() AS pid")
			.map(row -> row.get("pid", Integer.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/**
	 * The one connection the server's pool holds, as PgBouncer sees it: its port on the
	 * server's side. Polled, bounded to 5 s, since a replaced connection is closed a
	 * moment after its successor is handed out.
	 */
	private static String onlyClientPort() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		List<Map<String, String>> clients = LocalServices.pgBouncerClients(database.name(), "taskflow");
		while (clients.size() != 1 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			clients = LocalServices.pgBouncerClients(database.name(), "taskflow");
		}
		assertThat(clients).as("the server's connections to PgBouncer").hasSize(1);
		return clients.getFirst().get("port");
	}

	/** The replaced backend ends: closed by the pool, not left open. Bounded to 5 s. */
	private static void awaitGone(int pid) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		long left = 1;
		while (System.nanoTime() < deadline
				&& (left = database.count("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid)) > 0) {
			Thread.sleep(100);
		}
		assertThat(left).as("backend %d after it was replaced", pid).isZero();
	}

}
