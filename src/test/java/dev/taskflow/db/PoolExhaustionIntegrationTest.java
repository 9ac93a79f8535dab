package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow queries holding every pooled connection: further requests get 503 with Retry-After
 * within DB_POOL_TIMEOUT (at once beyond DB_POOL_MAX_WAITING), health stays responsive,
 * and the server is normal again once the slow queries end.
 */
class PoolExhaustionIntegrationTest {

	@Test
	void requestsBeyondThePoolFailFastAndTheServerRecovers() throws Exception {
		TestDatabase database = TestDatabase.main();
		TestUser user = TestUsers.create(database);
		HttpClient http = HttpClient.newHttpClient();
		try (TestServer server = TestServer
			.start(Map.of("DB_POOL_SIZE", "2", "DB_MAX_OVERFLOW", "0", "DB_POOL_TIMEOUT", "3"))) {
			long taskId = createTask(http, server, user);

			// A row lock held from outside makes every update of the task wait: two of
			// them occupy the whole pool.
			try (Connection blocker = database.connect()) {
				blocker.setAutoCommit(false);
				blocker.createStatement().execute("SELECT id FROM tasks WHERE id = " + taskId + " FOR UPDATE");
				List<CompletableFuture<HttpResponse<String>>> slow = List.of(patch(http, server, user, taskId),
						patch(http, server, user, taskId));
				awaitPoolAcquired(http, server, 2);
				// Acquired could briefly count a background statement (the feed's NOTIFY
				// after the create).
				awaitWaitingOnLocks(database, 2);

				HttpResponse<String> starved = http.send(get(server, user, "/api/v1/tasks?limit=1"),
						HttpResponse.BodyHandlers.ofString());
				assertThat(starved.statusCode()).isEqualTo(503);
				assertThat(starved.headers().firstValue("Retry-After")).isPresent();
				assertThat(starved.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(http
					.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
							HttpResponse.BodyHandlers.ofString())
					.statusCode()).isEqualTo(200);

				blocker.rollback();
				for (CompletableFuture<HttpResponse<String>> request : slow) {
					assertThat(request.get().statusCode()).as("a request that waited on the lock").isIn(200, 503);
				}
			}

			awaitStatus(http, get(server, user, "/api/v1/tasks?limit=1"), 200);
			assertThat(http.send(get(server, user, "/api/v1/tasks/" + taskId), HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(200);
		}
		finally {
			http.shutdownNow();
		}
	}

	@Test
	void beyondDbPoolMaxWaitingARequestIsShedAtOnce() throws Exception {
		TestDatabase database = TestDatabase.main();
		TestUser user = TestUsers.create(database);
		HttpClient http = HttpClient.newHttpClient();
		try (TestServer server = TestServer.start(Map.of("DB_POOL_SIZE", "1", "DB_MAX_OVERFLOW", "0", "DB_POOL_TIMEOUT",
				"20", "DB_POOL_MAX_WAITING", "1"))) {
			long taskId = createTask(http, server, user);

			try (Connection blocker = database.connect()) {
				blocker.setAutoCommit(false);
				blocker.createStatement().execute("SELECT id FROM tasks WHERE id = " + taskId + " FOR UPDATE");
				// One update holds the only connection, waiting on the lock; a second
				// waits for the connection.
				CompletableFuture<HttpResponse<String>> holding = patch(http, server, user, taskId);
				awaitPool(http, server, "\"acquired\":1");
				awaitWaitingOnLocks(database, 1);
				CompletableFuture<HttpResponse<String>> waiting = patch(http, server, user, taskId);
				awaitPool(http, server, "\"pending\":1");

				// Shed by the pool's bound ("busy"), not after DB_POOL_TIMEOUT (which
				// says the database is unavailable).
				HttpResponse<String> shed = http.send(get(server, user, "/api/v1/tasks/" + taskId),
						HttpResponse.BodyHandlers.ofString());
				assertThat(shed.statusCode()).isEqualTo(503);
				assertThat(shed.headers().firstValue("Retry-After")).isPresent();
				assertThat(shed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(shed.body()).contains("busy");

				blocker.rollback();
				assertThat(holding.get().statusCode()).as("the update that held the connection").isEqualTo(200);
				assertThat(waiting.get().statusCode()).as("the update that waited within the bound").isEqualTo(200);
			}
		}
		finally {
			http.shutdownNow();
		}
	}

	private static long createTask(HttpClient http, TestServer server, TestUser user) throws Exception {
		HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
			.header("Authorization", user.bearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"contended\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		var id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
		assertThat(id.find()).isTrue();
		return Long.parseLong(id.group(1));
	}

	private static CompletableFuture<HttpResponse<String>> patch(HttpClient http, TestServer server, TestUser user,
			long id) {
		return http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks/" + id))
			.header("Authorization", user.bearer())
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"completed\":true}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest get(TestServer server, TestUser user, String path) {
		return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", user.bearer())
			.build();
	}

	private static void awaitPoolAcquired(HttpClient http, TestServer server, int acquired) throws Exception {
		awaitPool(http, server, "\"acquired\":" + acquired);
	}

	private static void awaitPool(HttpClient http, TestServer server, String state) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		String body = "";
		while (System.nanoTime() < deadline) {
			body = http
				.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health/pool")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			if (body.contains(state)) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the pool never showed " + state + ": " + body);
	}

	private static void awaitWaitingOnLocks(TestDatabase database, int waiting) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		String sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
		long seen;
		while ((seen = database.count(sql)) < waiting && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(seen).as("statements waiting on the row lock").isGreaterThanOrEqualTo(waiting);
	}

	private static void awaitStatus(HttpClient http, HttpRequest request, int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int last = 0;
		while (System.nanoTime() < deadline
				&& (last = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()) != expected) {
			Thread.sleep(200);
		}
		assertThat(last).isEqualTo(expected);
	}

}
