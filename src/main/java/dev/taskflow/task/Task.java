package dev.taskflow.task;

import java.time.Instant;
import java.util.List;

/**
 * A task as the API shows it. {@code version} starts at 1 and grows with every change; it
 * is the ETag.
 *
 * @param completedAt when the task last became completed, set by the database;
 * {@code null} while it is open
 * @param tags lower-case, unique and sorted
 */
public record Task(long id, String title, String description, boolean completed, Instant completedAt, Priority priority,
		Instant dueAt, List<String> tags, Instant createdAt, Instant updatedAt, int version) {
}
