package dev.taskflow.task;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walking 1,000 tasks page by page with {@code nextCursor}, under every sort in both
 * directions: every task exactly once, in the documented order. The tasks are made for
 * ties: each batch shares one createdAt and updatedAt, and titles, priorities and due
 * dates repeat, so only the id tie-break keeps the walk exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskKeysetPagingIntegrationTest {

	private static final int TASKS = 1000;

	private static final int PAGE = 37;

	private static final Instant BASE = Instant.parse("2030-01-01T00:00:00Z");

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	private TaskClient client;

	@BeforeAll
	void seed() {
		client = seededUser();
		client.patch(client.listJson("sort=createdAt,asc&limit=1").get("items").get(0).get("id").longValue())
			.bodyValue("{\"completed\":true}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** A new user with {@link #TASKS} tasks, created by two batch requests. */
	private TaskClient seededUser() {
		TaskClient seeded = new TaskClient(server, TestUsers.create(database));
		for (int batch = 0; batch < 2; batch++) {
			int first = batch * TASKS / 2;
			seeded.createBatch(IntStream.range(first, first + TASKS / 2)
				.mapToObj(TaskKeysetPagingIntegrationTest::task)
				.collect(Collectors.joining(",", "{\"tasks\":[", "]}")));
		}
		return seeded;
	}

	private static String task(int i) {
		String due = i % 5 == 0 ? "null" : "\"" + BASE.plusSeconds(86_400L * (i % 40)) + "\"";
		return "{\"title\":\"Task %02d\",\"priority\":\"%s\",\"dueAt\":%s}".formatted(i % 97,
				Priority.values()[i % 3].json(), due);
	}

	@ParameterizedTest
	@ValueSource(strings = { "createdAt,asc", "createdAt,desc", "updatedAt,asc", "updatedAt,desc", "dueAt,asc",
			"dueAt,desc", "priority,asc", "priority,desc", "title,asc", "title,desc" })
	void aCursorWalkVisitsEveryTaskOnceInOrder(String sort) {
		List<JsonNode> walked = walkWithCursor(sort);

		assertThat(walked).hasSize(TASKS);
		assertThat(new HashSet<>(TaskClient.ids(TaskClient.JSON.valueToTree(walked)))).hasSize(TASKS);
		assertThat(walked).isSortedAccordingTo(order(sort));
		assertThat(TaskClient.ids(TaskClient.JSON.valueToTree(walked)))
			.isEqualTo(TaskClient.ids(TaskClient.JSON.valueToTree(walkWithOffset(sort))));
	}

	@Test
	void aCursorWalkIsNotDisturbedByTasksCreatedWhileWalking() {
		TaskClient busy = seededUser();
		List<Long> walked = new ArrayList<>();
		JsonNode page = busy.listJson("limit=" + PAGE);
		for (int pages = 0; pages < TASKS; pages++) {
			walked.addAll(TaskClient.ids(page.get("items")));
			if (page.get("nextCursor").isNull()) {
				break;
			}
			busy.createTitled("created during the walk " + pages);
			page = busy.listJson("limit=" + PAGE + "&cursor=" + page.get("nextCursor").stringValue());
		}

		assertThat(walked).hasSize(TASKS).doesNotHaveDuplicates();
	}

	private List<JsonNode> walkWithCursor(String sort) {
		List<JsonNode> walked = new ArrayList<>();
		JsonNode page = client.listJson("count=none&limit=" + PAGE + "&sort=" + sort);
		for (int pages = 0; pages < TASKS; pages++) {
			page.get("items").forEach(walked::add);
			if (page.get("nextCursor").isNull()) {
				return walked;
			}
			page = client.listJson(
					"count=none&limit=" + PAGE + "&sort=" + sort + "&cursor=" + page.get("nextCursor").stringValue());
		}
		throw new AssertionError("the walk did not end");
	}

	private List<JsonNode> walkWithOffset(String sort) {
		List<JsonNode> walked = new ArrayList<>();
		for (int offset = 0; offset < TASKS; offset += 100) {
			client.listJson("count=none&limit=100&sort=" + sort + "&offset=" + offset)
				.get("items")
				.forEach(walked::add);
		}
		return walked;
	}

	/**
	 * The documented order: the field (undated tasks due at infinity), then the id, both
	 * in the same direction.
	 */
	private static Comparator<JsonNode> order(String sort) {
		String[] parts = sort.split(",");
		Comparator<JsonNode> byKey = switch (parts[0]) {
			case "createdAt", "updatedAt" ->
				Comparator.comparing(task -> Instant.parse(task.get(parts[0]).stringValue()));
			case "dueAt" -> Comparator.comparing(
					task -> task.get("dueAt").isNull() ? Instant.MAX : Instant.parse(task.get("dueAt").stringValue()));
			case "priority" -> Comparator.comparing(task -> Priority.parse(task.get("priority").stringValue()));
			case "title" -> Comparator.comparing(task -> task.get("title").stringValue());
			default -> throw new IllegalArgumentException(sort);
		};
		Comparator<JsonNode> total = byKey.thenComparingLong(task -> task.get("id").longValue());
		return parts[1].equals("desc") ? total.reversed() : total;
	}

}
