package dev.taskflow.task;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once, all requests in flight together: conditional updates must not
 * lose an update, and retries with one idempotency key must create exactly once.
 */
class TaskConcurrencyIntegrationTest {

	private static final int CLIENTS = 16;

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	private final TestUser user = TestUsers.create(database);

	private final TaskClient tasks = new TaskClient(server, user);

	private final WebClient http = WebClient.builder()
		.baseUrl(server.baseUrl())
		.defaultHeader(HttpHeaders.AUTHORIZATION, user.bearer())
		.build();

	private record Reply(int status, String body, HttpHeaders headers) {
	}

	@Test
	void concurrentUpdatesWithOneIfMatchTagLetExactlyOneWinPerVersion() {
		long id = tasks.createTitled("contended").get("id").longValue();

		for (int version = 1; version <= 3; version++) {
			String tag = "\"" + version + "\"";
			int round = version;
			List<Reply> replies = all(i -> http.patch()
				.uri("/api/v1/tasks/{id}", id)
				.header(HttpHeaders.IF_MATCH, tag)
				.contentType(MediaType.parseMediaType("application/merge-patch+json"))
				.bodyValue("{\"title\":\"round " + round + " writer " + i + "\"}"));

			List<Reply> winners = replies.stream().filter(reply -> reply.status() == 200).toList();
			assertThat(winners).hasSize(1);
			assertThat(replies).filteredOn(reply -> reply.status() == 412).hasSize(CLIENTS - 1);
			JsonNode winner = TaskClient.JSON.readTree(winners.getFirst().body());
			assertThat(winner.get("version").intValue()).isEqualTo(version + 1);
			assertThat(TaskClient.body(tasks.getTask(id)).get("title")).isEqualTo(winner.get("title"));
		}
	}

	/**
	 * Fifty clients each add their mark with read-modify-write under If-Match, retrying
	 * on 412: every update that was acknowledged is in the final state, exactly once, and
	 * nothing else is.
	 */
	@Test
	void fiftyReadModifyWriteUpdatersLoseNoAcknowledgedUpdate() throws Exception {
		long id = tasks.createTitled("shared list").get("id").longValue();
		int updaters = 50;
		java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
		List<Thread> threads = new java.util.ArrayList<>();
		for (int i = 0; i < updaters; i++) {
			String mark = "m" + i + ";";
			threads.add(Thread.ofPlatform().start(() -> {
				for (int attempt = 0; attempt < 500; attempt++) {
					Reply current = exchange(http.get().uri("/api/v1/tasks/{id}", id));
					JsonNode task = TaskClient.JSON.readTree(current.body());
					String description = task.get("description").isNull() ? "" : task.get("description").stringValue();
					Reply written = exchange(http.patch()
						.uri("/api/v1/tasks/{id}", id)
						.header(HttpHeaders.IF_MATCH, current.headers().getETag())
						.contentType(MediaType.parseMediaType("application/merge-patch+json"))
						.bodyValue("{\"description\":\"" + description + mark + "\"}"));
					if (written.status() == 200) {
						acknowledged.add(mark);
						return;
					}
					assertThat(written.status()).isEqualTo(412);
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join(Duration.ofMinutes(2));
		}

		String finalDescription = TaskClient.body(tasks.getTask(id)).get("description").stringValue();
		List<String> marks = java.util.Arrays.stream(finalDescription.split("(?<=;)")).toList();
		assertThat(acknowledged).hasSize(updaters);
		assertThat(marks).containsExactlyInAnyOrderElementsOf(acknowledged);
		assertThat(TaskClient.body(tasks.getTask(id)).get("version").intValue()).isEqualTo(updaters + 1);
	}

	private static Reply exchange(WebClient.RequestHeadersSpec<?> request) {
		return request
			.exchangeToMono(response -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map(body -> new Reply(response.statusCode().value(), body, response.headers().asHttpHeaders())))
			.block(Duration.ofSeconds(30));
	}

	@Test
	void concurrentUpdatesWithoutIfMatchAllApplyAndEachAdvancesTheVersion() {
		long id = tasks.createTitled("busy").get("id").longValue();

		List<Reply> replies = all(i -> http.patch()
			.uri("/api/v1/tasks/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"description\":\"writer " + i + "\"}"));

		assertThat(replies).allMatch(reply -> reply.status() == 200);
		assertThat(replies.stream().map(reply -> TaskClient.JSON.readTree(reply.body()).get("version").intValue()))
			.containsExactlyInAnyOrderElementsOf(
					java.util.stream.IntStream.rangeClosed(2, CLIENTS + 1).boxed().toList());
		assertThat(TaskClient.body(tasks.getTask(id)).get("version").intValue()).isEqualTo(CLIENTS + 1);
	}

	@Test
	void concurrentRetriesWithOneIdempotencyKeyCreateOnce() {
		List<Reply> replies = all(i -> http.post()
			.uri("/api/v1/tasks")
			.header("Idempotency-Key", "once-" + user.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"exactly once\"}"));

		assertThat(replies).allMatch(reply -> reply.status() == 201);
		assertThat(replies.stream().map(Reply::body).distinct()).hasSize(1);
		assertThat(replies).filteredOn(reply -> reply.headers().containsHeader("Idempotent-Replayed"))
			.hasSize(CLIENTS - 1);
		assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", user.id())).isEqualTo(1);
	}

	@Test
	void concurrentBatchRetriesWithOneIdempotencyKeyCreateTheBatchOnce() {
		String batch = TaskApiIntegrationTest.batchOfTitles(50);

		List<Reply> replies = all(i -> http.post()
			.uri("/api/v1/tasks/batch")
			.header("Idempotency-Key", "batch-once")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch));

		assertThat(replies).allMatch(reply -> reply.status() == 201);
		assertThat(replies.stream().map(Reply::body).distinct()).hasSize(1);
		assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", user.id())).isEqualTo(50);
	}

	/** Sends {@link #CLIENTS} requests at once and waits for every reply. */
	private List<Reply> all(IntFunction<WebClient.RequestHeadersSpec<?>> request) {
		return Flux.range(0, CLIENTS)
			.flatMap(i -> request.apply(i)
				.exchangeToMono(response -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Reply(response.statusCode().value(), body, response.headers().asHttpHeaders()))),
					CLIENTS)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

}
