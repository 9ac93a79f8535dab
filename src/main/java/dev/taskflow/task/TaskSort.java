package dev.taskflow.task;

import dev.taskflow.web.IsoTimestamps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * The fields a list can be sorted by, each mapped to a fixed SQL expression: user input
 * picks one of these and is never written into SQL. Every expression has an index
 * {@code (user_id, expression, id)} (see the 002 and 004 changelogs, and 009 for
 * completedAt), so a keyset page reads only the rows it returns.
 */
enum TaskSort {

	CREATED_AT("createdAt", "created_at", ":afterValue"), UPDATED_AT("updatedAt", "updated_at", ":afterValue"),
	// Undated tasks count as due at infinity: after every dated task ascending, before
	// them descending.
	DUE_AT("dueAt", "COALESCE(due_at, CAST('infinity' AS timestamptz))",
			"COALESCE(CAST(:afterValue AS timestamptz), CAST('infinity' AS timestamptz))"),
	// Open tasks count as completed at -infinity: after every completed task descending
	// (newest completions first),
	// before them ascending.
	COMPLETED_AT("completedAt", "COALESCE(completed_at, CAST('-infinity' AS timestamptz))",
			"COALESCE(CAST(:afterValue AS timestamptz), CAST('-infinity' AS timestamptz))"),
	PRIORITY("priority", "priority", ":afterValue"), TITLE("title", "title", ":afterValue");

	static final List<String> NAMES = Arrays.stream(values()).map(sort -> sort.parameter).toList();

	final String parameter;

	/** The sort key in SQL. */
	final String expression;

	/**
	 * The bound cursor value as the same kind of key, compared against
	 * {@link #expression}.
	 */
	final String cursorExpression;

	TaskSort(String parameter, String expression, String cursorExpression) {
		this.parameter = parameter;
		this.expression = expression;
		this.cursorExpression = cursorExpression;
	}

	static TaskSort parse(String text) {
		return Arrays.stream(values()).filter(sort -> sort.parameter.equals(text)).findFirst().orElse(null);
	}

	/**
	 * The task's value of this key, as a cursor carries it: a string, or null (an undated
	 * or open task).
	 */
	Object keyOf(Task task) {
		return switch (this) {
			case CREATED_AT -> task.createdAt().toString();
			case UPDATED_AT -> task.updatedAt().toString();
			case DUE_AT -> task.dueAt() == null ? null : task.dueAt().toString();
			case COMPLETED_AT -> task.completedAt() == null ? null : task.completedAt().toString();
			case PRIORITY -> task.priority().json();
			case TITLE -> task.title();
		};
	}

	/**
	 * The value to bind for a key read back from a cursor: {@code null} only for an
	 * undated task's due date or an open task's completion.
	 * @throws IllegalArgumentException if the key is not one this sort produces
	 */
	Object bindable(Object key) {
		if (key == null && (this == DUE_AT || this == COMPLETED_AT)) {
			return null;
		}
		if (!(key instanceof String text)) {
			throw new IllegalArgumentException("not a " + parameter + " key");
		}
		return switch (this) {
			case CREATED_AT, UPDATED_AT, DUE_AT, COMPLETED_AT -> {
				Instant instant = IsoTimestamps.parse(text);
				if (instant == null) {
					throw new IllegalArgumentException("not a timestamp");
				}
				yield instant.atOffset(ZoneOffset.UTC);
			}
			case PRIORITY -> {
				Priority priority = Priority.parse(text);
				if (priority == null) {
					throw new IllegalArgumentException("not a priority");
				}
				yield priority.code();
			}
			case TITLE -> text;
		};
	}

}
