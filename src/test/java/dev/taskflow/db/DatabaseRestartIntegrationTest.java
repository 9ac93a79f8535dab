package dev.taskflow.db;

import dev.taskflow.support.LoadGenerator;
import dev.taskflow.support.LoadGenerator.Outcome;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL, then PgBouncer, restarted under a steady load of writes and reads: during
 * the outage requests fail fast with 503 and Retry-After, the process stays live and
 * reports itself unready; afterwards it recovers by itself, and every task whose create
 * was answered 201 is in the database. Runs on a private cluster and pooler.
 */
class DatabaseRestartIntegrationTest {

	private static final Duration POOL_TIMEOUT = Duration.ofSeconds(3);

	/** Far above the pool timeout: a request still unanswered by then counts as hung. */
	private static final Duration HUNG = POOL_TIMEOUT.plusSeconds(12);

	private static TestServer server;

	private static TestDatabase database;

	private static TestUser user;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startServerOnPrivateServices() {
		LocalServices.start();
		database = LocalServices.database();
		Map<String, String> settings = new HashMap<>();
		settings.put("DB_POOL_TIMEOUT", Long.toString(POOL_TIMEOUT.toSeconds()));
		server = TestServer.start(database, settings);
		user = TestUsers.create(database);
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(server);
		http.shutdownNow();
	}

	@Test
	void postgresRestartedUnderLoad() throws Exception {
		survivesOutage(LocalServices::stopPostgres, LocalServices::startPostgres);
	}

	@Test
	void pgBouncerRestartedUnderLoad() throws Exception {
		survivesOutage(LocalServices::stopPgBouncer, LocalServices::startPgBouncer);
	}

	@Test
	void retriesWithAnIdempotencyKeyAcrossARestartCreateEachTaskOnce() throws Exception {
		List<String> keys = java.util.stream.IntStream.range(0, 10)
			.mapToObj(i -> "restart-" + System.nanoTime() + "-" + i)
			.toList();
		Map<String, Long> firstAnswers = new HashMap<>();
		for (String key : keys.subList(0, 5)) {
			HttpResponse<String> response = create(key);
			assertThat(response.statusCode()).isEqualTo(201);
			firstAnswers.put(key, idOf(response));
		}

		LocalServices.stopPostgres();
		for (String key : keys.subList(3, 7)) {
			assertThat(create(key).statusCode()).as("a create during the outage").isEqualTo(503);
		}
		LocalServices.startPostgres();

		Map<String, Long> finalAnswers = new HashMap<>();
		for (String key : keys) {
			finalAnswers.put(key, idOf(retryUntilCreated(key)));
		}
		for (String key : keys.subList(0, 5)) {
			assertThat(finalAnswers.get(key)).as("the replayed answer for %s", key).isEqualTo(firstAnswers.get(key));
		}
		for (String key : keys) {
			assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ? AND title = ?", user.id(),
					"idempotent " + key))
				.as("tasks made for key %s", key)
				.isEqualTo(1);
		}
	}

	private void survivesOutage(Runnable stop, Runnable start) throws Exception {
		long recovered;
		try (LoadGenerator load = LoadGenerator.start(server.baseUrl(), user.bearer(), 4, HUNG)) {
			Thread.sleep(1_500);
			stop.run();
			Thread.sleep(POOL_TIMEOUT.toMillis() + 1_000);
			assertThat(status("/health")).as("liveness during the outage").isEqualTo(200);
			assertThat(status("/actuator/health/readiness")).as("readiness during the outage").isEqualTo(503);
			start.run();
			awaitStatus("/health/db", 200);
			recovered = System.nanoTime();
			Thread.sleep(2_000);
			load.close();

			List<Outcome> outcomes = load.outcomes();
			Map<Integer, Long> byStatus = outcomes.stream()
				.collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
			assertThat(byStatus.keySet()).as("statuses seen: %s; failures: %s", byStatus, failures(outcomes))
				.isSubsetOf(200, 201, 503);
			assertThat(byStatus.getOrDefault(503, 0L)).as("the outage was noticed").isPositive();
			assertThat(outcomes).filteredOn(outcome -> outcome.status() == 503).allMatch(Outcome::retryAfter);
			assertThat(outcomes).as("answers once the database was back")
				.filteredOn(outcome -> outcome.atNanos() > recovered + Duration.ofSeconds(1).toNanos())
				.isNotEmpty()
				.allMatch(outcome -> outcome.status() == 200 || outcome.status() == 201);
			List<Long> acknowledged = load.acknowledgedIds();
			assertThat(acknowledged).isNotEmpty();
			assertThat(database.count("SELECT count(*) FROM tasks WHERE id = ANY(?)",
					(Object) acknowledged.toArray(Long[]::new)))
				.isEqualTo(acknowledged.size());
		}
		assertThat(status("/health/db")).isEqualTo(200);
		assertThat(status("/actuator/health/readiness")).isEqualTo(200);
	}

	private static String failures(List<Outcome> outcomes) {
		return outcomes.stream()
			.filter(outcome -> outcome.failure() != null)
			.map(Outcome::failure)
			.distinct()
			.toList()
			.toString();
	}

	private static HttpResponse<String> create(String key) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
			.timeout(HUNG)
			.header("Authorization", user.bearer())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"idempotent " + key + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> retryUntilCreated(String key) throws Exception {
		HttpResponse<String> response = null;
		for (int attempt = 0; attempt < 60; attempt++) {
			response = create(key);
			if (response.statusCode() == 201) {
				return response;
			}
			Thread.sleep(500);
		}
		throw new AssertionError(
				"no 201 for key " + key + " after 60 attempts; last: " + response.statusCode() + " " + response.body());
	}

	private static long idOf(HttpResponse<String> response) {
		var matcher = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
		assertThat(matcher.find()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static int status(String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(HUNG).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static void awaitStatus(String path, int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int last = 0;
		while (System.nanoTime() < deadline && (last = status(path)) != expected) {
			Thread.sleep(250);
		}
		assertThat(last).as(path).isEqualTo(expected);
	}

}
