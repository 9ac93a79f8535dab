package dev.taskflow.task;

import dev.taskflow.task.TaskChanges.Change;
import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.IsoTimestamps;
import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies read field by field from the JSON tree rather than bound to records, for two reasons: a merge
 * patch must tell an absent field from a {@code null} one, and a value of the wrong type is a 422 naming the field,
 * not a decoding failure. Every problem in a body is reported at once.
 */
final class TaskRequests {

    static final int MAX_TITLE = 255;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_BATCH = 1000;

    private static final Set<String> FIELDS = Set.of("title", "description", "priority", "dueAt", "completed");

    private TaskRequests() {
    }

    static NewTask newTask(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        NewTask task = newTask(body, "", errors);
        errors.throwIfAny();
        return task;
    }

    /** {@code {"tasks": [...]}}: 1 to 1,000 tasks, all valid, or nothing is created. More than 1,000 is 413. */
    static NewTasks newTasks(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        for (String name : body.propertyNames()) {
            if (!name.equals("tasks")) {
                errors.reject(name, "is not a field of a batch; send {\"tasks\": [...]}");
            }
        }
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
        rejectUnknown(body, "", errors);
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
        errors.throwIfAny();
        return new TaskChanges(title, description, completed, priority, dueAt);
    }

    private static NewTask newTask(JsonNode body, String prefix, FieldErrors errors) {
        rejectUnknown(body, prefix, errors);
        String title = null;
        if (body.has("title")) {
            title = title(body.get("title"), prefix + "title", errors);
        } else {
            errors.reject(prefix + "title", "is required");
        }
        String description = body.has("description") ? description(body.get("description"), prefix + "description", errors) : null;
        Priority priority = body.has("priority") ? priority(body.get("priority"), prefix + "priority", errors) : Priority.MEDIUM;
        Instant dueAt = body.has("dueAt") ? dueAt(body.get("dueAt"), prefix + "dueAt", errors) : null;
        Boolean completed = body.has("completed") ? completed(body.get("completed"), prefix + "completed", errors) : Boolean.FALSE;
        return new NewTask(title, description, priority, dueAt, Boolean.TRUE.equals(completed));
    }

    private static void rejectUnknown(JsonNode body, String prefix, FieldErrors errors) {
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.reject(prefix + name, "is not a field of a task that can be set");
            }
        }
    }

    private static String title(JsonNode value, String field, FieldErrors errors) {
        if (!value.isString()) {
            errors.reject(field, value.isNull() ? "is required and cannot be cleared" : "must be a string");
            return null;
        }
        String title = value.stringValue().strip();
        if (title.isEmpty()) {
            errors.reject(field, "must not be blank");
        } else if (title.codePointCount(0, title.length()) > MAX_TITLE) {
            errors.reject(field, "must be at most " + MAX_TITLE + " characters");
        } else if (title.indexOf('\0') >= 0) {
            errors.reject(field, "must not contain NUL characters");
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
        if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            errors.reject(field, "must be at most " + MAX_DESCRIPTION + " characters");
        } else if (description.indexOf('\0') >= 0) {
            errors.reject(field, "must not contain NUL characters");
        }
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
            errors.reject(field, "must be an ISO-8601 date-time with an offset, e.g. " + IsoTimestamps.EXAMPLE + ", or null");
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
}
