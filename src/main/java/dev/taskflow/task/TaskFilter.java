package dev.taskflow.task;

import java.time.Instant;

/**
 * Which of the caller's tasks a list holds; every {@code null} component means "any".
 *
 * @param dueAfter  due at or after this instant (inclusive)
 * @param dueBefore due strictly before this instant, so that {@code dueAfter}..{@code dueBefore} windows tile
 * @param q         a case-insensitive substring of the title or the description
 */
record TaskFilter(Boolean completed, Priority priority, Priority minPriority, Instant dueBefore, Instant dueAfter,
                  String q) {
}
