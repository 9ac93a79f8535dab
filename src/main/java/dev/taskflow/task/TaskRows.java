package dev.taskflow.task;

import io.r2dbc.spi.Readable;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A task from a result row with the columns of {@code tasks}: the repository's reads, and the feed's events, which
 * keep the row as it was written.
 */
public final class TaskRows {

    private TaskRows() {
    }

    public static Task toTask(Readable row) {
        return new Task(
                row.get("id", Long.class),
                row.get("title", String.class),
                row.get("description", String.class),
                row.get("completed", Boolean.class),
                Priority.fromCode(row.get("priority", Short.class)),
                instant(row.get("due_at", OffsetDateTime.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("updated_at", OffsetDateTime.class)),
                row.get("version", Integer.class));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
