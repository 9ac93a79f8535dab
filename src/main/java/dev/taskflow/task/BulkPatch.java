package dev.taskflow.task;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The documented body of a bulk {@code PATCH}: every field optional, as in a single merge
 * patch, plus the tag merges. The body itself is read field by field
 * ({@link TaskRequests#bulkChanges}).
 */
@Schema(name = "BulkPatch")
record BulkPatch(@Schema(minLength = 1, maxLength = TaskRequests.MAX_TITLE) String title,
		@Schema(maxLength = TaskRequests.MAX_DESCRIPTION, nullable = true) String description, Priority priority,
		@Schema(nullable = true) Instant dueAt, Boolean completed,
		@Schema(description = "Replaces each task's tags; null or [] clears them", nullable = true) List<String> tags,
		@Schema(description = "Added to each task's tags (a task holds at most 20)") List<String> addTags,
		@Schema(description = "Removed from each task's tags") List<String> removeTags) {
}
