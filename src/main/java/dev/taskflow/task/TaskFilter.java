package dev.taskflow.task;

import java.time.Instant;
import java.util.List;

/**
 * Which of the caller's tasks a list or a bulk change takes; every {@code null} component
 * means "any".
 *
 * @param dueAfter due at or after this instant (inclusive)
 * @param dueBefore due strictly before this instant, so that
 * {@code dueAfter}..{@code dueBefore} windows tile
 * @param q a case-insensitive substring of the title or the description
 * @param completedAfter completed at or after this instant (open tasks never match)
 * @param completedBefore completed strictly before this instant (open tasks never match)
 * @param tags tasks carrying every one of these
 * @param ids only these tasks (bulk changes only)
 */
record TaskFilter(Boolean completed, Priority priority, Priority minPriority, Instant dueBefore, Instant dueAfter,
		String q, Instant completedAfter, Instant completedBefore, List<String> tags, List<Long> ids) {

	static final TaskFilter ANY = new TaskFilter(null, null, null, null, null, null, null, null, null, null);

	boolean isEmpty() {
		return equals(ANY);
	}
}
