package dev.taskflow.task;

import dev.taskflow.task.TaskChanges.Change;
import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.IsoTimestamps;
import dev.taskflow.web.JsonBodies;
import dev.taskflow.web.ProblemException;
import dev.taskflow.web.UnicodeText;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Task bodies, as {@link JsonBodies#object} reads them, checked field by field from the
 * JSON tree rather than bound to records: a merge patch must tell an absent field from a
 * {@code null} one. A value of the wrong type is a 422 naming the field, not a decoding
 * failure; text follows {@link UnicodeText}'s rules. Every problem in a body is reported
 * at once.
 */
final class TaskRequests {

	static final int MAX_TITLE = 255;
	static final int MAX_DESCRIPTION = 10_000;
	static final int MAX_BATCH = 1000;
	static final int MAX_TAGS = 20;
	static final int MAX_TAG = 40;

	private static final Set<String> FIELDS = Set.of("title", "description", "priority", "dueAt", "completed", "tags");

	private static final Set<String> BATCH_FIELDS = Set.of("tasks");

	private static final Set<String> BULK_FIELDS = Set.of("title", "description", "priority", "dueAt", "completed",
			"tags", "addTags", "removeTags");

	private TaskRequests() {
	}

	static NewTask newTask(JsonNode body) {
		FieldErrors errors = new FieldErrors();
		NewTask task = newTask(body, "", errors);
		errors.throwIfAny();
		return task;
	}

	/**
	 * {@code {"tasks": [...]}}: 1 to 1,000 tasks, all valid, or nothing is created. More
	 * than 1,000 is 413.
	 */
	static NewTasks newTasks(JsonNode body) {
		FieldErrors errors = new FieldErrors();
		JsonBodies.rejectUnknown(body, BATCH_FIELDS, "", errors);
		JsonNode list = body.get("tasks");
		if (list == null || !list.isArray()) {
			errors.reject("tasks", "must be an array of tasks");
			errors.throwIfAny();
		}
		if (list.size() > MAX_BATCH) {
			throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE,
					"A batch holds at most " + MAX_BATCH + " tasks; this one has " + list.size() + ".",
					Map.of("maxItems", MAX_BATCH), HttpHeaders.EMPTY);
		}
		if (list.isEmpty()) {
			errors.reject("tasks", "must hold at least one task");
		}
		List<NewTask> tasks = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			JsonNode item = list.get(i);
			String prefix = "tasks[" + i + "].";
			if (!item.isObject()) {
				errors.reject("tasks[" + i + "]", "must be a task object");
				continue;
			}
			tasks.add(newTask(item, prefix, errors));
		}
		errors.throwIfAny();
		return new NewTasks(List.copyOf(tasks));
	}

	static TaskChanges changes(JsonNode body) {
		FieldErrors errors = new FieldErrors();
		JsonBodies.rejectUnknown(body, FIELDS, "", errors);
		TaskChanges changes = changes(body, errors);
		errors.throwIfAny();
		return changes;
	}

	/**
	 * A bulk change: a merge patch as for one task, or {@code addTags} and
	 * {@code removeTags}, which merge into each task's tags instead of replacing them (so
	 * they cannot be combined with {@code tags}). An empty one is 422.
	 */
	static BulkChanges bulkChanges(JsonNode body) {
		FieldErrors errors = new FieldErrors();
		JsonBodies.rejectUnknown(body, BULK_FIELDS, "", errors);
		TaskChanges set = changes(body, errors);
		List<String> add = body.has("addTags") ? tagList(body.get("addTags"), "addTags", false, errors) : List.of();
		List<String> remove = body.has("removeTags") ? tagList(body.get("removeTags"), "removeTags", false, errors)
				: List.of();
		if (body.has("tags") && (body.has("addTags") || body.has("removeTags"))) {
			errors.reject("tags", "replaces the tags, so it cannot be combined with addTags or removeTags");
		}
		if (body.isEmpty()) {
			errors.reject("body", "must change at least one field");
		}
		errors.throwIfAny();
		return new BulkChanges(set, add, remove);
	}

	private static TaskChanges changes(JsonNode body, FieldErrors errors) {
		Change<String> title = null;
		if (body.has("title")) {
			title = new Change<>(title(body.get("title"), "title", errors));
		}
		Change<String> description = null;
		if (body.has("description")) {
			description = new Change<>(description(body.get("description"), "description", errors));
		}
		Change<Boolean> completed = null;
		if (body.has("completed")) {
			completed = new Change<>(completed(body.get("completed"), "completed", errors));
		}
		Change<Priority> priority = null;
		if (body.has("priority")) {
			priority = new Change<>(priority(body.get("priority"), "priority", errors));
		}
		Change<Instant> dueAt = null;
		if (body.has("dueAt")) {
			dueAt = new Change<>(dueAt(body.get("dueAt"), "dueAt", errors));
		}
		Change<List<String>> tags = null;
		if (body.has("tags")) {
			// Merge patch: null clears, as [] does.
			tags = new Change<>(
					body.get("tags").isNull() ? List.of() : tagList(body.get("tags"), "tags", true, errors));
		}
		return new TaskChanges(title, description, completed, priority, dueAt, tags);
	}

	private static NewTask newTask(JsonNode body, String prefix, FieldErrors errors) {
		JsonBodies.rejectUnknown(body, FIELDS, prefix, errors);
		String title = null;
		if (body.has("title")) {
			title = title(body.get("title"), prefix + "title", errors);
		}
		else {
			errors.reject(prefix + "title", "is required");
		}
		String description = body.has("description")
				? description(body.get("description"), prefix + "description", errors) : null;
		Priority priority = body.has("priority") ? priority(body.get("priority"), prefix + "priority", errors)
				: Priority.MEDIUM;
		Instant dueAt = body.has("dueAt") ? dueAt(body.get("dueAt"), prefix + "dueAt", errors) : null;
		Boolean completed = body.has("completed") ? completed(body.get("completed"), prefix + "completed", errors)
				: Boolean.FALSE;
		List<String> tags = body.has("tags") && !body.get("tags").isNull()
				? tagList(body.get("tags"), prefix + "tags", true, errors) : List.of();
		return new NewTask(title, description, priority, dueAt, Boolean.TRUE.equals(completed), tags);
	}

	private static String title(JsonNode value, String field, FieldErrors errors) {
		if (!value.isString()) {
			errors.reject(field, value.isNull() ? "is required and cannot be cleared" : "must be a string");
			return null;
		}
		String title = value.stringValue().strip();
		if (title.isEmpty()) {
			errors.reject(field, "must not be blank");
		}
		else {
			errors.reject(field, UnicodeText.brokenRules(title, MAX_TITLE));
		}
		return title;
	}

	private static String description(JsonNode value, String field, FieldErrors errors) {
		if (value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.reject(field, "must be a string or null");
			return null;
		}
		String description = value.stringValue();
		errors.reject(field, UnicodeText.brokenRules(description, MAX_DESCRIPTION));
		return description;
	}

	private static Priority priority(JsonNode value, String field, FieldErrors errors) {
		Priority priority = value.isString() ? Priority.parse(value.stringValue()) : null;
		if (priority == null) {
			errors.reject(field, "must be one of " + String.join(", ", Priority.NAMES));
		}
		return priority;
	}

	private static Instant dueAt(JsonNode value, String field, FieldErrors errors) {
		if (value.isNull()) {
			return null;
		}
		Instant dueAt = value.isString() ? IsoTimestamps.parse(value.stringValue()) : null;
		if (dueAt == null) {
			errors.reject(field,
					"must be an ISO-8601 date-time with an offset, e.g. " + IsoTimestamps.EXAMPLE + ", or null");
		}
		return dueAt;
	}

	private static Boolean completed(JsonNode value, String field, FieldErrors errors) {
		if (!value.isBoolean()) {
			errors.reject(field, "must be true or false");
			return null;
		}
		return value.booleanValue();
	}

	/**
	 * An array of tags: each trimmed and lower-cased, 1 to 40 characters, no comma (the
	 * {@code tags} filter's separator) and no control character; duplicates collapse. A
	 * task's own tags ({@code forTask}) are at most 20. Returned sorted; errors name the
	 * entry, e.g. {@code tags[2]}.
	 */
	private static List<String> tagList(JsonNode value, String field, boolean forTask, FieldErrors errors) {
		if (!value.isArray()) {
			errors.reject(field, "must be an array of strings");
			return List.of();
		}
		TreeSet<String> tags = new TreeSet<>();
		for (int i = 0; i < value.size(); i++) {
			String entry = field + "[" + i + "]";
			String tag = TaskTags.normalize(value.get(i).isString() ? value.get(i).stringValue() : null);
			if (tag == null) {
				errors.reject(entry, "must be a string of 1 to " + MAX_TAG
						+ " characters after trimming, without commas or control characters");
			}
			else {
				tags.add(tag);
			}
		}
		int limit = forTask ? MAX_TAGS : MAX_BATCH;
		if (tags.size() > limit) {
			errors.reject(field, "must hold at most " + limit + " different tags");
		}
		return List.copyOf(tags);
	}

}
