package dev.taskflow.task;

import io.r2dbc.spi.Readable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A task from a result row with the columns of {@code tasks}: the repository's reads, and
 * the feed's events, which keep the row as it was written ({@link TaskEventJson}). Tags
 * come as one string joined with commas (a tag holds none), which the driver decodes as
 * plainly as any text column, instead of through its array codec, on every row of every
 * read.
 */
final class TaskRows {

	private static final String[] NO_TAGS = new String[0];

	private TaskRows() {
	}

	static Task toTask(Readable row) {
		return new Task(row.get("id", Long.class), row.get("title", String.class), row.get("description", String.class),
				row.get("completed", Boolean.class), instant(row.get("completed_at", OffsetDateTime.class)),
				Priority.fromCode(row.get("priority", Short.class)), instant(row.get("due_at", OffsetDateTime.class)),
				tags(row.get("tags", String.class)), instant(row.get("created_at", OffsetDateTime.class)),
				instant(row.get("updated_at", OffsetDateTime.class)), row.get("version", Integer.class));
	}

	/**
	 * Stored sorted by the server; sorted here again so a set merged in SQL reads in the
	 * same (Java's) order.
	 */
	private static List<String> tags(String joined) {
		String[] tags = joined == null || joined.isEmpty() ? NO_TAGS : joined.split(",");
		for (int i = 1; i < tags.length; i++) {
			if (tags[i - 1].compareTo(tags[i]) > 0) {
				Arrays.sort(tags);
				break;
			}
		}
		return List.of(tags);
	}

	private static Instant instant(OffsetDateTime value) {
		return value == null ? null : value.toInstant();
	}

}
