package dev.taskflow.task;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A task to create, already validated: the title trimmed, the defaults (medium, not
 * completed) filled in. Its shape is also the documented request body.
 */
public record NewTask(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = TaskRequests.MAX_TITLE,
				description = "Trimmed; 1 to 255 characters") String title,
		@Schema(maxLength = TaskRequests.MAX_DESCRIPTION, nullable = true) String description,
		@Schema(defaultValue = "medium") Priority priority,
		@Schema(description = "ISO-8601 with an offset", nullable = true) Instant dueAt,
		@Schema(defaultValue = "false") boolean completed,
		@Schema(description = "0 to 20 tags, each 1 to 40 characters after trimming, without commas; stored lower-case, "
				+ "unique, sorted", maxLength = TaskRequests.MAX_TAG) List<String> tags) {
}
