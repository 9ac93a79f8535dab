package dev.taskflow.db;

import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DB_POOL_SIZE=0 with DB_MAX_OVERFLOW=0: no pool, a connection per unit of work, closed
 * after it (the serverless pattern). Seen from PostgreSQL (a session opened per unit of
 * work, none left open) and from PgBouncer (no client of the server left after a burst).
 * Runs on a database of its own on the private cluster.
 */
class NoPoolModeIntegrationTest {

	private static final Map<String, String> NO_POOL = Map.of("DB_POOL_SIZE", "0", "DB_MAX_OVERFLOW", "0");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
	void eachUnitOfWorkOpensItsOwnSessionAndNoneStaysOpen() throws InterruptedException {
		// Straight to PostgreSQL, so that each connection the server opens is a session
		// of this database.
		Map<String, String> settings = new java.util.HashMap<>(NO_POOL);
		settings.put("DATABASE_URL", database.directUrl());
		try (TestServer server = TestServer.start(database, settings)) {
			server.client()
				.get()
				.uri("/health/pool")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.pooled")
				.isEqualTo(false)
				.jsonPath("$.maxSize")
				.isEqualTo(0);

			long before = sessions();
			int checks = 10;
			for (int i = 0; i < checks; i++) {
				server.client()
					.get()
					.uri("/health/db")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.database")
					.isEqualTo("connected");
			}
			// Less the session that counts them.
			assertThat(sessions() - before - 1).as("sessions opened for %d database checks", checks)
				.isGreaterThanOrEqualTo(checks);
			awaitNoServerSessions();
		}
	}

	@Test
	void afterABurstThroughThePoolerNoConnectionOfTheServerStaysOpen() throws Exception {
		try (TestServer server = TestServer.start(database, NO_POOL)) {
			TestUser user = TestUsers.create(database);
			List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				burst.add(
						http.sendAsync(
								i % 2 == 0
										? HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
											.timeout(Duration.ofSeconds(20))
											.header("Authorization", user.bearer())
											.header("Content-Type", "application/json")
											.POST(HttpRequest.BodyPublishers
												.ofString("{\"title\":\"burst " + i + "\"}"))
											.build()
										: HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks?limit=5"))
											.timeout(Duration.ofSeconds(20))
											.header("Authorization", user.bearer())
											.GET()
											.build(),
								HttpResponse.BodyHandlers.ofString()));
			}
			for (CompletableFuture<HttpResponse<String>> request : burst) {
				assertThat(request.get().statusCode()).as("a request of the burst").isIn(200, 201);
			}
			assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", user.id())).isEqualTo(15);

			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			List<Map<String, String>> clients = LocalServices.pgBouncerClients(database.name(), "taskflow");
			while (!clients.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(100);
				clients = LocalServices.pgBouncerClients(database.name(), "taskflow");
			}
			assertThat(clients).as("the server's connections to PgBouncer after the burst").isEmpty();
		}
	}

	private static long sessions() {
		return database.count("SELECT sessions FROM pg_stat_database WHERE datname = current_database()");
	}

	/**
	 * No session of the server's own name (the LISTEN session has another) is left open;
	 * bounded to 5 s.
	 */
	private static void awaitNoServerSessions() throws InterruptedException {
		String sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'taskflow' "
				+ "AND pid <> pg_backend_pid()";
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		long open;
		while ((open = database.count(sql)) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(open).as("sessions of the server left open").isZero();
	}

}
