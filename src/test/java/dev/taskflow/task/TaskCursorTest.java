package dev.taskflow.task;

import dev.taskflow.web.ProblemException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code sort} parameter and the keyset cursor: every order a client can name reads
 * back as itself, a cursor positions the next page exactly after the task it was made
 * from, and anything else offered as a cursor is a 400, never a query.
 */
class TaskCursorTest {

	private static final Task TASK = new Task(41, "Buy milk", null, true, Instant.parse("2026-03-04T05:06:07.123456Z"),
			Priority.HIGH, Instant.parse("2026-04-01T09:00:00Z"), List.of("home"),
			Instant.parse("2026-01-02T03:04:05.678901Z"), Instant.parse("2026-02-03T04:05:06Z"), 3);

	private static final Task UNDATED_OPEN = new Task(42, "Call Bob", null, false, null, Priority.LOW, null, List.of(),
			Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"), 1);

	@Test
	void everyOrderReadsBackFromItsParameter() {
		for (TaskSort sort : TaskSort.values()) {
			for (boolean descending : new boolean[] { false, true }) {
				TaskOrder order = new TaskOrder(sort, descending);

				assertThat(TaskOrder.parse(order.parameter())).isEqualTo(order);
			}
		}
		assertThat(TaskOrder.DEFAULT.parameter()).isEqualTo("createdAt,desc");
		assertThat(TaskOrder.parse("dueAt")).as("ascending unless asked")
			.isEqualTo(new TaskOrder(TaskSort.DUE_AT, false));
		assertThat(TaskSort.NAMES).containsExactly("createdAt", "updatedAt", "dueAt", "completedAt", "priority",
				"title");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "created_at", "createdat", "title,", "title,descending", "title,DESC", "title,asc,id",
			",asc", "priority desc" })
	void anythingElseIsNotAnOrder(String text) {
		assertThat(TaskOrder.parse(text)).isNull();
	}

	@Test
	void aCursorPositionsAfterItsTaskUnderEverySort() {
		assertThat(roundTrip(TaskSort.CREATED_AT, TASK))
			.isEqualTo(new TaskCursor(TASK.createdAt().atOffset(ZoneOffset.UTC), 41));
		assertThat(roundTrip(TaskSort.UPDATED_AT, TASK))
			.isEqualTo(new TaskCursor(TASK.updatedAt().atOffset(ZoneOffset.UTC), 41));
		assertThat(roundTrip(TaskSort.DUE_AT, TASK))
			.isEqualTo(new TaskCursor(TASK.dueAt().atOffset(ZoneOffset.UTC), 41));
		assertThat(roundTrip(TaskSort.COMPLETED_AT, TASK))
			.isEqualTo(new TaskCursor(TASK.completedAt().atOffset(ZoneOffset.UTC), 41));
		assertThat(roundTrip(TaskSort.PRIORITY, TASK)).isEqualTo(new TaskCursor((short) 3, 41));
		assertThat(roundTrip(TaskSort.TITLE, TASK)).isEqualTo(new TaskCursor("Buy milk", 41));
	}

	@Test
	void anUndatedOrOpenTaskKeepsItsPlaceAsANullKey() {
		assertThat(roundTrip(TaskSort.DUE_AT, UNDATED_OPEN)).isEqualTo(new TaskCursor(null, 42));
		assertThat(roundTrip(TaskSort.COMPLETED_AT, UNDATED_OPEN)).isEqualTo(new TaskCursor(null, 42));
	}

	@Test
	void aCursorIsUrlSafeWithoutEscaping() {
		Task awkward = new Task(7, "?&=/+ é \"quoted\"", null, false, null, Priority.MEDIUM, null, List.of(),
				Instant.EPOCH, Instant.EPOCH, 1);
		TaskOrder order = new TaskOrder(TaskSort.TITLE, false);

		String cursor = TaskCursor.after(order, awkward);

		assertThat(cursor).matches("[A-Za-z0-9_-]+");
		assertThat(TaskCursor.parse(cursor, order)).isEqualTo(new TaskCursor(awkward.title(), 7));
	}

	@Test
	void aCursorMadeForAnotherSortIsRefusedWithTheReason() {
		String cursor = TaskCursor.after(new TaskOrder(TaskSort.TITLE, false), TASK);

		assertThatThrownBy(() -> TaskCursor.parse(cursor, new TaskOrder(TaskSort.TITLE, true)))
			.isInstanceOfSatisfying(ProblemException.class, problem -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(problem.detail()).contains("sort=title,asc").contains("sort=title,desc");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not base64!", "%%%", "bm90IGpzb24", // not json
			"W10", // []
			"bnVsbA", // null
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5IjoiQnV5IG1pbGsifQ", // no id
			"eyJzb3J0IjoidGl0bGUsYXNjIiwiaWQiOjQxfQ", // no key
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5IjoiQnV5IG1pbGsiLCJpZCI6IjQxIn0", // id as
																				// text
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5IjoiQnV5IG1pbGsiLCJpZCI6NDEuNX0", // id 41.5
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5IjoiQnV5IG1pbGsiLCJpZCI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5fQ", // id
																										// >
																										// long
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5Ijo0MiwiaWQiOjQxfQ", // key a number
			"eyJzb3J0IjoidGl0bGUsYXNjIiwia2V5IjpudWxsLCJpZCI6NDF9", // key null under
																	// title
			"eyJzb3J0Ijp7fSwia2V5IjoiQnV5IG1pbGsiLCJpZCI6NDF9" // sort an object
	})
	void aTamperedOrForeignCursorIsA400(String cursor) {
		assertThatThrownBy(() -> TaskCursor.parse(cursor, new TaskOrder(TaskSort.TITLE, false))).isInstanceOfSatisfying(
				ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST));
	}

	@Test
	void aKeyOfTheWrongKindForItsSortIsA400() {
		assertThatThrownBy(() -> TaskCursor.parse(cursor("createdAt,desc", "\"yesterday\""), TaskOrder.DEFAULT))
			.isInstanceOf(ProblemException.class);
		assertThatThrownBy(() -> TaskCursor.parse(cursor("createdAt,desc", "null"), TaskOrder.DEFAULT))
			.as("only dueAt and completedAt have undated tasks")
			.isInstanceOf(ProblemException.class);
		TaskOrder byPriority = new TaskOrder(TaskSort.PRIORITY, false);
		assertThatThrownBy(() -> TaskCursor.parse(cursor("priority,asc", "\"urgent\""), byPriority))
			.isInstanceOf(ProblemException.class);
		assertThatThrownBy(() -> TaskCursor.parse(cursor("priority,asc", "3"), byPriority))
			.as("priorities travel by name")
			.isInstanceOf(ProblemException.class);
		assertThat(TaskCursor.parse(cursor("priority,asc", "\"low\""), byPriority))
			.isEqualTo(new TaskCursor((short) 1, 9));
	}

	private static TaskCursor roundTrip(TaskSort sort, Task task) {
		TaskOrder order = new TaskOrder(sort, true);
		return TaskCursor.parse(TaskCursor.after(order, task), order);
	}

	private static String cursor(String sort, String keyJson) {
		String json = "{\"sort\":\"" + sort + "\",\"key\":" + keyJson + ",\"id\":9}";
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
