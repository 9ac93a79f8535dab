package dev.taskflow.task;

import dev.taskflow.web.QueryParameters;

import org.springframework.util.MultiValueMap;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The query string of {@code GET /api/v1/tasks}: filters and sort for pages and streams, paging for pages only. */
final class TaskListParameters {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** Deeper than this, offsets cost more than they should; the cursor reaches any depth at constant cost. */
    static final int MAX_OFFSET = 10_000;
    static final int MAX_QUERY_LENGTH = 200;

    static final Set<String> FILTERS = Set.of("completed", "priority", "minPriority", "dueBefore", "dueAfter", "q", "sort");
    static final Set<String> PAGING = Set.of("limit", "offset", "count", "cursor");

    private TaskListParameters() {
    }

    static TaskListQuery page(MultiValueMap<String, String> values) {
        Set<String> allowed = new HashSet<>(FILTERS);
        allowed.addAll(PAGING);
        QueryParameters parameters = QueryParameters.of(values, allowed);
        TaskFilter filter = filter(parameters);
        TaskOrder order = order(parameters);
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = parameters.integer("offset", 0, 0, MAX_OFFSET);
        boolean withTotal = parameters.choice("count", "exact", List.of("exact", "none")).equals("exact");
        TaskCursor cursor = null;
        if (parameters.has(TaskCursor.PARAMETER)) {
            if (parameters.has("offset")) {
                throw QueryParameters.invalid("offset", "Query parameter 'offset' cannot be combined with 'cursor'.");
            }
            cursor = TaskCursor.parse(parameters.string(TaskCursor.PARAMETER), order);
        }
        return new TaskListQuery(filter, order, limit, offset, cursor, withTotal);
    }

    /** For a stream every matching task is sent, so paging parameters are refused rather than ignored. */
    static TaskStreamQuery stream(MultiValueMap<String, String> values) {
        QueryParameters parameters = QueryParameters.of(values, FILTERS);
        return new TaskStreamQuery(filter(parameters), order(parameters));
    }

    private static TaskFilter filter(QueryParameters parameters) {
        return new TaskFilter(
                parameters.bool("completed"),
                priority(parameters, "priority"),
                priority(parameters, "minPriority"),
                parameters.instant("dueBefore"),
                parameters.instant("dueAfter"),
                search(parameters));
    }

    private static TaskOrder order(QueryParameters parameters) {
        String text = parameters.string("sort");
        if (text == null) {
            return TaskOrder.DEFAULT;
        }
        TaskOrder order = TaskOrder.parse(text);
        if (order == null) {
            throw QueryParameters.invalid("sort", "Query parameter 'sort' must be one of " + String.join(", ", TaskSort.NAMES)
                    + ", optionally followed by ,asc or ,desc.");
        }
        return order;
    }

    private static Priority priority(QueryParameters parameters, String name) {
        String text = parameters.choice(name, null, Priority.NAMES);
        return text == null ? null : Priority.parse(text);
    }

    private static String search(QueryParameters parameters) {
        String text = parameters.string("q");
        if (text == null) {
            return null;
        }
        String q = text.strip();
        if (q.isEmpty() || q.codePointCount(0, q.length()) > MAX_QUERY_LENGTH || q.indexOf('\0') >= 0) {
            throw QueryParameters.invalid("q", "Query parameter 'q' must hold 1 to " + MAX_QUERY_LENGTH + " characters.");
        }
        return q;
    }
}
