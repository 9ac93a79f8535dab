package dev.taskflow.task;

import java.time.Instant;

/**
 * A validated merge patch. A {@code null} component leaves the field as it is; a {@link Change} sets it, and a
 * {@code Change} holding {@code null} clears it (only {@code description} and {@code dueAt} may be cleared).
 */
public record TaskChanges(Change<String> title, Change<String> description, Change<Boolean> completed,
                          Change<Priority> priority, Change<Instant> dueAt) {

    public record Change<T>(T value) {
    }
}
