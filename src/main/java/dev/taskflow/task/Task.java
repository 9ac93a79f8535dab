package dev.taskflow.task;

import java.time.Instant;

/** A task as the API shows it. {@code version} starts at 1 and grows with every change; it is the ETag. */
public record Task(long id, String title, String description, boolean completed, Priority priority, Instant dueAt,
                   Instant createdAt, Instant updatedAt, int version) {
}
