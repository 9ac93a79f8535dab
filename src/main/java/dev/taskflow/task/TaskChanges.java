package dev.taskflow.task;

import java.time.Instant;
import java.util.List;

/**
 * A validated merge patch. A {@code null} component leaves the field as it is; a
 * {@link Change} sets it, and a {@code Change} holding {@code null} clears it (only
 * {@code description} and {@code dueAt} may be cleared; tags are cleared with an empty
 * list).
 */
public record TaskChanges(Change<String> title, Change<String> description, Change<Boolean> completed,
		Change<Priority> priority, Change<Instant> dueAt, Change<List<String>> tags) {

	public record Change<T>(T value) {
	}
}
