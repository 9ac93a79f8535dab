package dev.taskflow.task;

/**
 * Counts over all of the caller's tasks; {@code overdue} are the open ones whose due date
 * has passed.
 */
public record TaskStats(long total, long completed, long overdue, ByPriority byPriority) {

	public record ByPriority(long low, long medium, long high) {
	}
}
