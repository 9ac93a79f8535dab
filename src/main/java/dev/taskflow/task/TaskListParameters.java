package dev.taskflow.task;

import dev.taskflow.web.QueryParameters;
import dev.taskflow.web.UnicodeText;

import org.springframework.util.MultiValueMap;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of {@code GET /api/v1/tasks}: filters and sort for pages and streams,
 * paging for pages only.
 */
final class TaskListParameters {

	static final int DEFAULT_LIMIT = 20;
	static final int MAX_LIMIT = 100;

	/**
	 * Deeper than this, offsets cost more than they should; the cursor reaches any depth
	 * at constant cost.
	 */
	static final int MAX_OFFSET = 10_000;
	static final int MAX_QUERY_LENGTH = 200;

	static final int MAX_TAG_FILTER = TaskRequests.MAX_TAGS;
	static final int MAX_IDS = TaskRequests.MAX_BATCH;

	static final Set<String> FILTERS = Set.of("completed", "priority", "minPriority", "dueBefore", "dueAfter", "q",
			"completedAfter", "completedBefore", "tags", "sort");
	static final Set<String> PAGING = Set.of("limit", "offset", "count", "cursor");

	/**
	 * A bulk change takes the list's filters (not its sort: it always goes in the default
	 * order), ids, and all.
	 */
	static final Set<String> BULK = Set.of("completed", "priority", "minPriority", "dueBefore", "dueAfter", "q",
			"completedAfter", "completedBefore", "tags", "ids", "all");

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

	/**
	 * For a stream every matching task is sent, so paging parameters are refused rather
	 * than ignored.
	 */
	static TaskStreamQuery stream(MultiValueMap<String, String> values) {
		QueryParameters parameters = QueryParameters.of(values, FILTERS);
		return new TaskStreamQuery(filter(parameters), order(parameters));
	}

	/**
	 * The tasks a bulk change takes. No filter at all is 400 unless {@code all=true}: a
	 * bare {@code DELETE /api/v1/tasks} must never empty a user's list by accident.
	 */
	static TaskFilter bulk(MultiValueMap<String, String> values) {
		QueryParameters parameters = QueryParameters.of(values, BULK);
		TaskFilter filter = filter(parameters, ids(parameters));
		Boolean all = parameters.bool("all");
		if (filter.isEmpty() && !Boolean.TRUE.equals(all)) {
			throw QueryParameters.invalid("all",
					"A bulk change without a filter would take every task; filter it (e.g. "
							+ "ids=1,2,3 or completed=true) or confirm with all=true.");
		}
		return filter;
	}

	private static TaskFilter filter(QueryParameters parameters) {
		return filter(parameters, null);
	}

	private static TaskFilter filter(QueryParameters parameters, List<Long> ids) {
		return new TaskFilter(parameters.bool("completed"), priority(parameters, "priority"),
				priority(parameters, "minPriority"), parameters.instant("dueBefore"), parameters.instant("dueAfter"),
				search(parameters), parameters.instant("completedAfter"), parameters.instant("completedBefore"),
				tags(parameters), ids);
	}

	/**
	 * {@code tags=work,home}: tasks carrying all of them, compared as stored (trimmed,
	 * lower-case).
	 */
	private static List<String> tags(QueryParameters parameters) {
		String text = parameters.string("tags");
		if (text == null) {
			return null;
		}
		Set<String> tags = new TreeSet<>();
		for (String part : text.split(",", -1)) {
			String tag = TaskTags.normalize(part);
			if (tag == null) {
				throw QueryParameters.invalid("tags", "Query parameter 'tags' must be a comma-separated list of tags, "
						+ "each 1 to " + TaskRequests.MAX_TAG + " characters.");
			}
			tags.add(tag);
		}
		if (tags.size() > MAX_TAG_FILTER) {
			throw QueryParameters.invalid("tags", "Query parameter 'tags' names at most " + MAX_TAG_FILTER + " tags.");
		}
		return List.copyOf(tags);
	}

	/** {@code ids=1,2,3}: at most 1,000 task ids. */
	private static List<Long> ids(QueryParameters parameters) {
		String text = parameters.string("ids");
		if (text == null) {
			return null;
		}
		String[] parts = text.split(",", -1);
		if (parts.length > MAX_IDS) {
			throw QueryParameters.invalid("ids", "Query parameter 'ids' names at most " + MAX_IDS + " tasks.");
		}
		Set<Long> ids = new TreeSet<>();
		for (String part : parts) {
			if (!part.matches("[0-9]{1,18}")) {
				throw QueryParameters.invalid("ids",
						"Query parameter 'ids' must be a comma-separated list of task ids.");
			}
			ids.add(Long.parseLong(part));
		}
		return List.copyOf(ids);
	}

	private static TaskOrder order(QueryParameters parameters) {
		String text = parameters.string("sort");
		if (text == null) {
			return TaskOrder.DEFAULT;
		}
		TaskOrder order = TaskOrder.parse(text);
		if (order == null) {
			throw QueryParameters.invalid("sort", "Query parameter 'sort' must be one of "
					+ String.join(", ", TaskSort.NAMES) + ", optionally followed by ,asc or ,desc.");
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
		if (q.isEmpty() || !UnicodeText.brokenRules(q, MAX_QUERY_LENGTH).isEmpty()) {
			throw QueryParameters.invalid("q",
					"Query parameter 'q' must hold 1 to " + MAX_QUERY_LENGTH + " characters.");
		}
		return q;
	}

}
