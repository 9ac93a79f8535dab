package dev.taskflow.task;

import dev.taskflow.feed.FeedPosition;
import dev.taskflow.feed.TaskEvent;
import dev.taskflow.feed.TaskEvents;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SQL for tasks, every statement scoped to its user. Values are always bound parameters;
 * the only SQL assembled at run time is the choice among the fixed fragments of
 * {@link TaskFilter} conditions and {@link TaskOrder}. Every write records its feed
 * events in the same statement, with the feed's {@link TaskEvents} fragments. Each
 * statement's text is fixed per shape, so the driver's named prepared statements (kept by
 * PgBouncer 1.21+ in transaction mode, {@code DB_PREPARED_STATEMENTS}) are reused.
 */
@Repository
class TaskRepository {

	/**
	 * A task's columns as {@link TaskRows} reads them; tags as one comma-joined string
	 * (see {@link TaskRows}).
	 */
	private static final String COLUMNS = "id, title, description, completed, completed_at, priority, due_at, "
			+ "array_to_string(tags, ',') AS tags, created_at, updated_at, version";

	/** Bulk changes take at most this many tasks per request. */
	static final int BULK_LIMIT = TaskRequests.MAX_BATCH;

	/**
	 * A task's tags with {@code :addTags} added and {@code :removeTags} removed, sorted
	 * in code point order.
	 */
	private static final String MERGED_TAGS = """
			ARRAY(SELECT DISTINCT tag COLLATE "C" FROM unnest(tags || CAST(:addTags AS text[])) AS tag
			      WHERE tag <> ALL (CAST(:removeTags AS text[])) ORDER BY tag COLLATE "C")""";

	/**
	 * A merge patch, for one task or many: {@code set<Field>} says whether the field
	 * changes. Tags are replaced ({@code setTags}) or merged ({@code mergeTags}: added,
	 * then removed). {@code completed_at} follows completion by trigger (see the 009
	 * changelog).
	 */
	private static final String SET_CHANGES = """
			title       = CASE WHEN :setTitle THEN :title ELSE title END,
			description = CASE WHEN :setDescription THEN :description ELSE description END,
			completed   = CASE WHEN :setCompleted THEN :completed ELSE completed END,
			priority    = CASE WHEN :setPriority THEN :priority ELSE priority END,
			due_at      = CASE WHEN :setDueAt THEN :dueAt ELSE due_at END,
			tags        = CASE WHEN :setTags THEN CAST(:tags AS text[])
			                   WHEN :mergeTags THEN %s
			                   ELSE tags END,
			updated_at  = now(),
			version     = version + 1""".formatted(MERGED_TAGS);

	/**
	 * True for a task that {@link #SET_CHANGES} would change. A bulk change takes only
	 * those: a task already as the patch would leave it keeps its version and gets no
	 * event, and repeating a request (when {@code more} says tasks are left) moves on to
	 * the next ones instead of taking the same again.
	 */
	private static final String WOULD_CHANGE = """
			((:setTitle AND title IS DISTINCT FROM :title)
			 OR (:setDescription AND description IS DISTINCT FROM :description)
			 OR (:setCompleted AND completed IS DISTINCT FROM :completed)
			 OR (:setPriority AND priority IS DISTINCT FROM :priority)
			 OR (:setDueAt AND due_at IS DISTINCT FROM :dueAt)
			 OR (:setTags AND tags IS DISTINCT FROM CAST(:tags AS text[]))
			 OR (:mergeTags AND tags IS DISTINCT FROM %s))""".formatted(MERGED_TAGS);

	/**
	 * The tasks a bulk change takes: the first {@code :limit} matching in the list's
	 * default order, and one more to tell whether any are left. The change itself repeats
	 * the filter, so a task changed meanwhile by another writer is taken only if it still
	 * matches once its row lock is granted. The rows are locked here, in that order,
	 * before any is changed: two bulk changes over overlapping tasks then wait for each
	 * other instead of deadlocking (which locking in whatever order the UPDATE's plan
	 * visits them did, under 50 concurrent writers).
	 */
	private static final String PICKED = """
			picked AS (
			    SELECT id, created_at FROM tasks WHERE %1$s ORDER BY created_at DESC, id DESC LIMIT :limit + 1 FOR UPDATE
			), taken AS (
			    SELECT id FROM picked ORDER BY created_at DESC, id DESC LIMIT :limit
			)""";

	private final DatabaseClient database;

	TaskRepository(DatabaseClient database) {
		this.database = database;
	}

	Mono<Task> insert(long userId, NewTask task) {
		GenericExecuteSpec spec = database.sql("""
				WITH changed AS (
				    INSERT INTO tasks (user_id, title, description, completed, priority, due_at, tags)
				    VALUES (:userId, :title, :description, :completed, :priority, :dueAt, CAST(:tags AS text[]))
				    RETURNING *
				), event AS (%s)
				SELECT %s FROM changed""".formatted(TaskEvents.KEEPING_ROWS, COLUMNS))
			.bind("eventType", TaskEvent.CREATED)
			.bind("userId", userId)
			.bind("title", task.title())
			.bind("completed", task.completed())
			.bind("priority", task.priority().code())
			.bind("tags", task.tags().toArray(String[]::new));
		spec = bindNullable(spec, "description", task.description(), String.class);
		spec = bindNullable(spec, "dueAt", timestamp(task.dueAt()), OffsetDateTime.class);
		return spec.map(TaskRows::toTask).one();
	}

	/**
	 * All of {@code tasks} in one statement, so one round trip and all or nothing;
	 * returned in the order given (identities are drawn in insertion order, and the
	 * insertion follows the array order).
	 */
	Flux<Task> insertAll(long userId, List<NewTask> tasks) {
		int size = tasks.size();
		String[] titles = new String[size];
		String[] descriptions = new String[size];
		Boolean[] completed = new Boolean[size];
		Short[] priorities = new Short[size];
		String[] dueAts = new String[size];
		// A task's tags travel as one comma-joined string (a tag holds no comma): unnest
		// would flatten an array of arrays.
		String[] tags = new String[size];
		for (int i = 0; i < size; i++) {
			NewTask task = tasks.get(i);
			titles[i] = task.title();
			descriptions[i] = task.description();
			completed[i] = task.completed();
			priorities[i] = task.priority().code();
			dueAts[i] = task.dueAt() == null ? null : task.dueAt().toString();
			tags[i] = String.join(",", task.tags());
		}
		return database.sql("""
				WITH changed AS (
				    INSERT INTO tasks (user_id, title, description, completed, priority, due_at, tags)
				    SELECT :userId, t.title, t.description, t.completed, t.priority, CAST(t.due_at AS timestamptz),
				           string_to_array(t.tags, ',')
				    FROM unnest(CAST(:titles AS text[]), CAST(:descriptions AS text[]), CAST(:completed AS boolean[]),
				                CAST(:priorities AS smallint[]), CAST(:dueAts AS text[]), CAST(:tags AS text[]))
				         WITH ORDINALITY AS t(title, description, completed, priority, due_at, tags, position)
				    ORDER BY t.position
				    RETURNING *
				), event AS (%s)
				SELECT %s FROM changed ORDER BY id""".formatted(TaskEvents.KEEPING_ROWS, COLUMNS))
			.bind("eventType", TaskEvent.CREATED)
			.bind("userId", userId)
			.bind("titles", titles)
			.bind("descriptions", descriptions)
			.bind("completed", completed)
			.bind("priorities", priorities)
			.bind("dueAts", dueAts)
			.bind("tags", tags)
			.map(TaskRows::toTask)
			.all();
	}

	/**
	 * The task, and where the feed stood when it was read (one statement, so one
	 * snapshot).
	 */
	Mono<Positioned<Task>> find(long userId, long id) {
		return database
			.sql("SELECT " + COLUMNS + ", " + FeedPosition.SQL + " AS feed_position FROM tasks"
					+ " WHERE id = :id AND user_id = :userId")
			.bind("id", id)
			.bind("userId", userId)
			.map(row -> new Positioned<>(TaskRows.toTask(row), row.get("feed_position", Long.class)))
			.one();
	}

	/** Where the feed stands for the user, as a statement run now sees it. */
	Mono<Long> feedPosition(long userId) {
		return database.sql("SELECT " + FeedPosition.SQL + " AS feed_position")
			.bind("userId", userId)
			.map(row -> row.get("feed_position", Long.class))
			.one();
	}

	Mono<Boolean> exists(long userId, long id) {
		return database.sql("SELECT 1 FROM tasks WHERE id = :id AND user_id = :userId")
			.bind("id", id)
			.bind("userId", userId)
			.map(row -> true)
			.first()
			.defaultIfEmpty(false);
	}

	/**
	 * Applies {@code changes} if the task is the caller's and, when {@code versions} is
	 * not {@code null}, its version is one of them. The check and the write are one
	 * statement, so a concurrent update with the same expected version waits for the row
	 * lock, then sees the new version and matches nothing: empty.
	 */
	Mono<Task> update(long userId, long id, TaskChanges changes, List<Long> versions) {
		GenericExecuteSpec spec = database.sql("""
				WITH changed AS (
				    UPDATE tasks SET %s
				    WHERE id = :id AND user_id = :userId AND (:anyVersion OR version = ANY(:versions))
				    RETURNING *
				), event AS (%s)
				SELECT %s FROM changed""".formatted(SET_CHANGES, TaskEvents.KEEPING_ROWS, COLUMNS))
			.bind("eventType", TaskEvent.UPDATED)
			.bind("id", id)
			.bind("userId", userId)
			.bind("anyVersion", versions == null)
			.bind("versions", versions == null ? new Long[0] : versions.toArray(Long[]::new));
		return bindChanges(spec, new BulkChanges(changes, List.of(), List.of())).map(TaskRows::toTask).one();
	}

	/**
	 * Applies {@code changes} to the first {@link #BULK_LIMIT} of the caller's tasks
	 * matching {@code filter} that it would change, in the list's default order, with an
	 * event for each: one statement, all or nothing.
	 */
	Mono<BulkResult> updateAll(long userId, TaskFilter filter, BulkChanges changes) {
		Conditions where = Conditions.of(userId, filter);
		where.add(WOULD_CHANGE);
		String sql = """
				WITH %s, changed AS (
				    UPDATE tasks SET %s
				    WHERE id IN (SELECT id FROM taken) AND %s
				    RETURNING *
				), event AS (%s)
				SELECT left_over.more, changed.id
				FROM (SELECT count(*) > :limit AS more FROM picked) AS left_over LEFT JOIN changed ON true
				ORDER BY changed.created_at DESC, changed.id DESC""".formatted(PICKED.formatted(where.sql()),
				SET_CHANGES, where.sql(), TaskEvents.KEEPING_ROWS);
		GenericExecuteSpec spec = where.bindTo(database.sql(sql))
			.bind("eventType", TaskEvent.UPDATED)
			.bind("limit", BULK_LIMIT);
		return bulkResult(bindChanges(spec, changes));
	}

	/**
	 * Deletes the first {@link #BULK_LIMIT} of the caller's tasks matching
	 * {@code filter}, as {@link #updateAll}.
	 */
	Mono<BulkResult> deleteAll(long userId, TaskFilter filter) {
		Conditions where = Conditions.of(userId, filter);
		String sql = """
				WITH %s, changed AS (
				    DELETE FROM tasks
				    WHERE id IN (SELECT id FROM taken) AND %s
				    RETURNING id, user_id, created_at
				), event AS (%s)
				SELECT left_over.more, changed.id
				FROM (SELECT count(*) > :limit AS more FROM picked) AS left_over LEFT JOIN changed ON true
				ORDER BY changed.created_at DESC, changed.id DESC""".formatted(PICKED.formatted(where.sql()),
				where.sql(), TaskEvents.IDS_ONLY);
		return bulkResult(
				where.bindTo(database.sql(sql)).bind("eventType", TaskEvent.DELETED).bind("limit", BULK_LIMIT));
	}

	/**
	 * Rows of {@code (more, id)}, one per changed task, or one with a null id when none
	 * changed.
	 */
	private static Mono<BulkResult> bulkResult(GenericExecuteSpec spec) {
		return spec.map(row -> new BulkRow(row.get("more", Boolean.class), row.get("id", Long.class)))
			.all()
			.collectList()
			.map(rows -> {
				List<Long> ids = rows.stream().map(BulkRow::id).filter(Objects::nonNull).toList();
				return new BulkResult(ids.size(), ids, !rows.isEmpty() && rows.getFirst().more());
			});
	}

	private record BulkRow(boolean more, Long id) {
	}

	/**
	 * The caller's tags, each with how many of its tasks carry it: most used first, then
	 * by name.
	 */
	Flux<TagCount> tagCounts(long userId, int limit) {
		return database.sql("""
				SELECT tag, count(*) AS tasks
				FROM tasks, unnest(tags) AS tag
				WHERE user_id = :userId
				GROUP BY tag
				ORDER BY count(*) DESC, tag COLLATE "C"
				LIMIT :limit""")
			.bind("userId", userId)
			.bind("limit", limit)
			.map(row -> new TagCount(row.get("tag", String.class), row.get("tasks", Long.class)))
			.all();
	}

	/**
	 * True if the caller's task was deleted; with {@code versions}, only if its version
	 * is one of them. Its feed event carries only the id, and is written by the same
	 * statement ({@link TaskEvents}).
	 */
	Mono<Boolean> delete(long userId, long id, List<Long> versions) {
		return database.sql("""
				WITH changed AS (
				    DELETE FROM tasks
				    WHERE id = :id AND user_id = :userId AND (:anyVersion OR version = ANY(:versions))
				    RETURNING id, user_id
				), event AS (%s)
				SELECT count(*) AS deleted FROM changed""".formatted(TaskEvents.IDS_ONLY))
			.bind("eventType", TaskEvent.DELETED)
			.bind("id", id)
			.bind("userId", userId)
			.bind("anyVersion", versions == null)
			.bind("versions", versions == null ? new Long[0] : versions.toArray(Long[]::new))
			.map(row -> row.get("deleted", Long.class) > 0)
			.one();
	}

	/**
	 * One page: {@code limit + 1} rows, the extra one only telling whether another page
	 * follows; with {@code withTotal}, the number of tasks its filter matches over all
	 * pages (the cursor aside); and where the feed stood. One statement, so one snapshot
	 * and one round trip. The total and the position come first, so an empty page still
	 * brings them back (one row, its task columns null).
	 */
	Mono<CountedPage> page(long userId, TaskListQuery query) {
		Conditions filter = Conditions.of(userId, query.filter());
		Conditions where = pageConditions(userId, query);
		String head = query.withTotal()
				? "SELECT count(*) AS total, " + FeedPosition.SQL + " AS feed_position FROM tasks WHERE " + filter.sql()
				: "SELECT CAST(NULL AS bigint) AS total, " + FeedPosition.SQL + " AS feed_position";
		String sql = "SELECT head.total, head.feed_position, page.* FROM (" + head + ") AS head"
				+ " LEFT JOIN LATERAL (" + pageSql(where, query) + ") AS page ON true" + " ORDER BY "
				+ query.order().orderBy();
		return where.bindTo(database.sql(sql))
			.bind("limit", query.limit() + 1)
			.bind("offset", query.offset())
			.map(row -> new CountedRow(row.get("total", Long.class), row.get("feed_position", Long.class),
					row.get("id") == null ? null : TaskRows.toTask(row)))
			.all()
			.collectList()
			.map(rows -> new CountedPage(rows.stream().map(CountedRow::task).filter(Objects::nonNull).toList(),
					rows.getFirst().total(), rows.getFirst().feedPosition()));
	}

	/**
	 * The tasks of one page, how many tasks match its filter on all pages ({@code null}:
	 * not counted), and where the feed stood when they were read.
	 */
	record CountedPage(List<Task> tasks, Long total, long feedPosition) {
	}

	private record CountedRow(Long total, long feedPosition, Task task) {
	}

	private static Conditions pageConditions(long userId, TaskListQuery query) {
		Conditions where = Conditions.of(userId, query.filter());
		if (query.cursor() != null) {
			where.add(query.order().after());
			where.bind("afterValue", query.cursor().value());
			where.bind("afterId", query.cursor().id());
		}
		return where;
	}

	private static String pageSql(Conditions where, TaskListQuery query) {
		return "SELECT " + COLUMNS + " FROM tasks WHERE " + where.sql() + " ORDER BY " + query.order().orderBy()
				+ " LIMIT :limit OFFSET :offset";
	}

	/**
	 * Every matching task, as the rows arrive. Demand flows back to the socket: the
	 * driver reads from the database connection only as fast as the HTTP response is
	 * written, so memory stays flat whatever the count. Run in the same snapshot as
	 * {@link #feedPosition} to know where the feed stood (see
	 * {@code TaskService#stream}).
	 */
	Flux<Task> stream(long userId, TaskStreamQuery query) {
		Conditions where = Conditions.of(userId, query.filter());
		String sql = "SELECT " + COLUMNS + " FROM tasks WHERE " + where.sql() + " ORDER BY " + query.order().orderBy();
		return where.bindTo(database.sql(sql)).map(TaskRows::toTask).all();
	}

	Mono<TaskStats> stats(long userId) {
		return database.sql("""
				SELECT count(*)                                             AS total,
				       count(*) FILTER (WHERE completed)                    AS completed,
				       count(*) FILTER (WHERE NOT completed AND due_at < now()) AS overdue,
				       count(*) FILTER (WHERE priority = 1)                 AS low,
				       count(*) FILTER (WHERE priority = 2)                 AS medium,
				       count(*) FILTER (WHERE priority = 3)                 AS high
				FROM tasks
				WHERE user_id = :userId""")
			.bind("userId", userId)
			.map(row -> new TaskStats(row.get("total", Long.class), row.get("completed", Long.class),
					row.get("overdue", Long.class),
					new TaskStats.ByPriority(row.get("low", Long.class), row.get("medium", Long.class),
							row.get("high", Long.class))))
			.one();
	}

	private static OffsetDateTime timestamp(Instant value) {
		return value == null ? null : value.atOffset(ZoneOffset.UTC);
	}

	private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	/** Binds {@link #SET_CHANGES}. */
	private static GenericExecuteSpec bindChanges(GenericExecuteSpec spec, BulkChanges bulk) {
		TaskChanges changes = bulk.set();
		spec = bindChange(spec, "Title", changes.title(), String.class);
		spec = bindChange(spec, "Description", changes.description(), String.class);
		spec = bindChange(spec, "Completed", changes.completed(), Boolean.class);
		spec = bindChange(spec, "Priority",
				changes.priority() == null ? null : new TaskChanges.Change<>(changes.priority().value().code()),
				Short.class);
		spec = bindChange(spec, "DueAt",
				changes.dueAt() == null ? null : new TaskChanges.Change<>(timestamp(changes.dueAt().value())),
				OffsetDateTime.class);
		spec = bindChange(spec, "Tags",
				changes.tags() == null ? null : new TaskChanges.Change<>(changes.tags().value().toArray(String[]::new)),
				String[].class);
		return spec.bind("mergeTags", bulk.mergesTags())
			.bind("addTags", bulk.addTags().toArray(String[]::new))
			.bind("removeTags", bulk.removeTags().toArray(String[]::new));
	}

	/** Binds {@code set<Field>} and {@code <field>} for one CASE of the UPDATE. */
	private static <T> GenericExecuteSpec bindChange(GenericExecuteSpec spec, String field,
			TaskChanges.Change<T> change, Class<T> type) {
		String name = Character.toLowerCase(field.charAt(0)) + field.substring(1);
		return bindNullable(spec.bind("set" + field, change != null), name, change == null ? null : change.value(),
				type);
	}

	/**
	 * The WHERE clause of a list or a bulk change: fixed fragments for the filters
	 * present, their values bound under names of their own, apart from those of
	 * {@link #SET_CHANGES}.
	 */
	private static final class Conditions {

		private final List<String> fragments = new ArrayList<>();

		private final Map<String, Object> values = new LinkedHashMap<>();

		static Conditions of(long userId, TaskFilter filter) {
			Conditions where = new Conditions();
			where.add("user_id = :userId");
			where.bind("userId", userId);
			if (filter.completed() != null) {
				where.add("completed = :isCompleted");
				where.bind("isCompleted", filter.completed());
			}
			if (filter.priority() != null) {
				where.add("priority = :exactPriority");
				where.bind("exactPriority", filter.priority().code());
			}
			if (filter.minPriority() != null) {
				where.add("priority >= :minPriority");
				where.bind("minPriority", filter.minPriority().code());
			}
			if (filter.dueBefore() != null) {
				where.add("due_at < :dueBefore");
				where.bind("dueBefore", timestamp(filter.dueBefore()));
			}
			if (filter.dueAfter() != null) {
				where.add("due_at >= :dueAfter");
				where.bind("dueAfter", timestamp(filter.dueAfter()));
			}
			if (filter.completedAfter() != null) {
				// Open tasks sort as -infinity, so a range on the sort key excludes them
				// and reads the index.
				where.add(TaskSort.COMPLETED_AT.expression + " >= :completedAfter");
				where.bind("completedAfter", timestamp(filter.completedAfter()));
			}
			if (filter.completedBefore() != null) {
				where.add(TaskSort.COMPLETED_AT.expression + " > CAST('-infinity' AS timestamptz)");
				where.add(TaskSort.COMPLETED_AT.expression + " < :completedBefore");
				where.bind("completedBefore", timestamp(filter.completedBefore()));
			}
			if (filter.tags() != null) {
				// Containment, answered by the GIN index on tags.
				where.add("tags @> CAST(:withTags AS text[])");
				where.bind("withTags", filter.tags().toArray(String[]::new));
			}
			if (filter.ids() != null) {
				where.add("id = ANY(CAST(:ids AS bigint[]))");
				where.bind("ids", filter.ids().toArray(Long[]::new));
			}
			if (filter.q() != null) {
				// ILIKE with a pattern holding at least one trigram is answered by the
				// pg_trgm GIN indexes.
				where.add("(title ILIKE :pattern OR description ILIKE :pattern)");
				where.bind("pattern", "%" + escapeLike(filter.q()) + "%");
			}
			return where;
		}

		void add(String fragment) {
			fragments.add(fragment);
		}

		void bind(String name, Object value) {
			values.put(name, value);
		}

		String sql() {
			return String.join(" AND ", fragments);
		}

		/**
		 * Binds every value; a {@code null} one is the cursor key of an undated task,
		 * typed as a timestamp.
		 */
		GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
			for (Map.Entry<String, Object> entry : values.entrySet()) {
				spec = entry.getValue() == null ? spec.bindNull(entry.getKey(), OffsetDateTime.class)
						: spec.bind(entry.getKey(), entry.getValue());
			}
			return spec;
		}

		/** Backslash is ILIKE's default escape character. */
		private static String escapeLike(String text) {
			return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		}

	}

}
