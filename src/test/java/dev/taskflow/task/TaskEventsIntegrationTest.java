package dev.taskflow.task;

import dev.taskflow.feed.FeedNotifier;
import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every committed change made through the task API becomes exactly one feed event
 * carrying the task as the API shows it; the event commits with its change or not at all,
 * and a user's events commit in their id order.
 */
class TaskEventsIntegrationTest {

	private final TestServer server = TestServer.shared();

	private final TaskClient tasks = new TaskClient(server, TestUsers.create(TestDatabase.main()));

	@Test
	void createPatchAndDeleteEachBecomeOneEvent() {
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			JsonNode created = tasks.createTitled("Write the feed test");
			JsonNode patched = TaskClient.body(tasks.patch(created.get("id").longValue())
				.bodyValue("{\"completed\":true}")
				.exchange()
				.expectStatus()
				.isOk());
			tasks.delete(created.get("id").longValue()).exchange().expectStatus().isNoContent();

			List<ServerSentEvent<String>> events = feed.awaitEvents(3);

			assertThat(events).extracting(ServerSentEvent::event)
				.containsExactly("task.created", "task.updated", "task.deleted");
			assertThat(TaskClient.JSON.readTree(events.get(0).data())).isEqualTo(created);
			assertThat(TaskClient.JSON.readTree(events.get(1).data())).isEqualTo(patched);
			assertThat(TaskClient.JSON.readTree(events.get(2).data()))
				.isEqualTo(TaskClient.JSON.readTree("{\"id\":" + created.get("id").longValue() + "}"));
			feed.assertNoEventWithin(Duration.ofMillis(300));
		}
	}

	@Test
	void aBatchBecomesOneEventPerTaskInOrder() {
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			List<JsonNode> created = tasks
				.createBatch("{\"tasks\":[{\"title\":\"one\"},{\"title\":\"two\"},{\"title\":\"three\"}]}");

			List<ServerSentEvent<String>> events = feed.awaitEvents(3);

			assertThat(events).extracting(event -> TaskClient.JSON.readTree(event.data()).get("id").longValue())
				.containsExactlyElementsOf(created.stream().map(task -> task.get("id").longValue()).toList());
		}
	}

	@Test
	void aCreateWithAnIdempotencyKeyBecomesOneEventHoweverOftenItIsRetried() {
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			String body = "{\"title\":\"Pay rent\",\"priority\":\"high\",\"dueAt\":\"2030-01-01T09:30:00.25Z\"}";
			JsonNode created = TaskClient.body(tasks.post("/api/v1/tasks")
				.header("Idempotency-Key", "events-1")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated());
			tasks.post("/api/v1/tasks")
				.header("Idempotency-Key", "events-1")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.valueEquals("Idempotent-Replayed", "true");

			List<ServerSentEvent<String>> events = feed.awaitEvents(1);

			assertThat(events).extracting(ServerSentEvent::event).containsExactly("task.created");
			assertThat(TaskClient.JSON.readTree(events.getFirst().data())).isEqualTo(created);
			feed.assertNoEventWithin(Duration.ofMillis(300));
		}
	}

	@Test
	void aRefusedChangeHasNoEvent() {
		JsonNode created = tasks.createTitled("Guarded");
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			tasks.patch(created.get("id").longValue())
				.header("If-Match", "\"999\"")
				.bodyValue("{\"title\":\"lost\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(412);
			tasks.post("/api/v1/tasks").bodyValue("{\"title\":\"\"}").exchange().expectStatus().isEqualTo(422);

			feed.assertNoEventWithin(Duration.ofMillis(500));
		}
	}

	@Test
	void manyConcurrentWritersAreEachSeenExactlyOnceInOrder() {
		int writers = 60;
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			Flux.range(0, writers)
				.flatMap(i -> server.client()
					.mutate()
					.build()
					.post()
					.uri("/api/v1/tasks")
					.header("Authorization", tasks.user().bearer())
					.header("Content-Type", "application/json")
					.bodyValue("{\"title\":\"writer " + i + "\"}")
					.exchange()
					.returnResult(String.class)
					.getResponseBody()
					.then(), 16)
				.blockLast(Duration.ofSeconds(60));

			List<ServerSentEvent<String>> events = feed.awaitEvents(writers);
			List<Long> eventIds = events.stream().map(event -> Long.parseLong(event.id())).toList();
			assertThat(eventIds).isSorted().doesNotHaveDuplicates();
			assertThat(events).extracting(event -> TaskClient.JSON.readTree(event.data()).get("title").stringValue())
				.doesNotHaveDuplicates()
				.hasSize(writers);
			feed.assertNoEventWithin(Duration.ofMillis(300));
		}
	}

	@Test
	void writesWhoseTransactionsCommitOutOfOrderNeverMakeASubscriberSkipAnEvent() {
		TaskRepository repository = server.bean(TaskRepository.class);
		FeedNotifier notifier = server.bean(FeedNotifier.class);
		DatabaseClient sql = server.bean(DatabaseClient.class);
		TransactionalOperator tx = TransactionalOperator.create(server.bean(ReactiveTransactionManager.class));
		long userId = tasks.user().id();
		int writers = 40;
		try (FeedClient first = FeedClient.connect(server, tasks.user().token());
				FeedClient second = FeedClient.connect(server, tasks.user().token())) {
			// Each insert's transaction lingers a random while after its statement, so
			// commits interleave; every
			// commit wakes the streams at once, so they read while others are still in
			// flight.
			Flux.range(0, writers)
				.flatMap(i -> repository
					.insert(userId, new NewTask("lingering " + i, null, Priority.MEDIUM, null, false, List.of()))
					.then(sql.sql("SELECT pg_sleep(random() * 0.03)").then())
					.as(tx::transactional)
					.then(Mono.fromRunnable(() -> notifier.announce(userId))), writers)
				.blockLast(Duration.ofSeconds(60));

			List<Long> committed = eventIds(userId);
			assertThat(committed).hasSize(writers);
			assertThat(ids(first.awaitEvents(writers))).containsExactlyElementsOf(committed);
			assertThat(ids(second.awaitEvents(writers))).containsExactlyElementsOf(committed);
		}
	}

	@Test
	void aWriteRolledBackWithItsTransactionHasNoEvent() {
		TaskRepository repository = server.bean(TaskRepository.class);
		TransactionalOperator tx = TransactionalOperator.create(server.bean(ReactiveTransactionManager.class));
		long userId = tasks.user().id();
		try (FeedClient feed = FeedClient.connect(server, tasks.user().token())) {
			Mono<Void> failing = repository
				.insert(userId, new NewTask("rolled back", null, Priority.MEDIUM, null, false, List.of()))
				.then(Mono.error(new IllegalStateException("the change failed after its statement")));
			assertThat(failing.as(tx::transactional)
				.onErrorResume(IllegalStateException.class, e -> Mono.empty())
				.blockOptional(Duration.ofSeconds(10))).isEmpty();
			tasks.createTitled("committed");

			assertThat(feed.awaitEvents(1))
				.extracting(event -> TaskClient.JSON.readTree(event.data()).get("title").stringValue())
				.containsExactly("committed");
			feed.assertNoEventWithin(Duration.ofMillis(300));
		}
		assertThat(eventIds(userId)).hasSize(1);
	}

	private static List<Long> ids(List<ServerSentEvent<String>> events) {
		return events.stream().map(event -> Long.parseLong(event.id())).toList();
	}

	private List<Long> eventIds(long userId) {
		List<Long> ids = new ArrayList<>();
		try (var connection = TestDatabase.main().connect();
				var result = connection.createStatement()
					.executeQuery("SELECT id FROM task_events WHERE user_id = " + userId + " ORDER BY id")) {
			while (result.next()) {
				ids.add(result.getLong(1));
			}
			return ids;
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

}
