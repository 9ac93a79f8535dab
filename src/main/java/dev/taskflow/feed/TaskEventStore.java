package dev.taskflow.feed;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Reads of the feed's outbox, {@code task_events}, all through the pooled endpoint; its
 * writes are the task feature's statements, with {@link TaskEvents}' fragments.
 */
@Component
class TaskEventStore {

	/**
	 * An event's columns, and the task row it kept (as {@code tasks}' columns, all null
	 * for an event that has its payload already rendered): from {@code e}, a row of
	 * {@code task_events}. The kept row's keys are the column names of {@code tasks} when
	 * it was written, so a migration that renames a column rewrites the kept rows too.
	 */
	private static final String EVENT_COLUMNS = """
			e.id AS event_id, e.user_id, e.task_id, e.type, e.payload,
			e.task_id AS id, t.title, t.description, t.completed, t.completed_at, t.priority, t.due_at, array_to_string(t.tags, ',') AS tags,
			t.created_at, t.updated_at, t.version""";

	private final DatabaseClient database;

	private final KeptTaskJson keptTask;

	TaskEventStore(DatabaseClient database, KeptTaskJson keptTask) {
		this.database = database;
		this.keptTask = keptTask;
	}

	/** The user's events after {@code afterId}, oldest first, at most {@code limit}. */
	Flux<TaskEvent> after(long userId, long afterId, int limit) {
		return database.sql("""
				SELECT %s
				FROM task_events AS e, jsonb_populate_record(NULL::tasks, e.task) AS t
				WHERE e.user_id = :userId AND e.id > :afterId
				ORDER BY e.id
				LIMIT :limit""".formatted(EVENT_COLUMNS))
			.bind("userId", userId)
			.bind("afterId", afterId)
			.bind("limit", limit)
			.map(this::event)
			.all();
	}

	/**
	 * For several users at once, each one's events after its own cursor ({@code users[i]}
	 * after {@code cursors[i]}), oldest first and at most {@code limit} per user: one
	 * statement however many users were woken up.
	 */
	Flux<TaskEvent> afterEach(Long[] users, Long[] cursors, int limit) {
		return database.sql("""
				SELECT %s
				FROM unnest(CAST(:users AS bigint[]), CAST(:cursors AS bigint[])) AS c(user_id, after_id),
				     LATERAL (SELECT *
				              FROM task_events
				              WHERE user_id = c.user_id AND id > c.after_id
				              ORDER BY id
				              LIMIT :limit) AS e,
				     jsonb_populate_record(NULL::tasks, e.task) AS t
				ORDER BY e.user_id, e.id""".formatted(EVENT_COLUMNS))
			.bind("users", users)
			.bind("cursors", cursors)
			.bind("limit", limit)
			.map(this::event)
			.all();
	}

	/** The id a subscriber starting "from now" continues after. */
	Mono<Long> latestId(long userId) {
		return database.sql("SELECT coalesce(max(id), 0) AS latest FROM task_events WHERE user_id = :userId")
			.bind("userId", userId)
			.map(row -> row.get("latest", Long.class))
			.one();
	}

	/** The newest event id of each of {@code users} that has any. */
	Flux<LatestEvent> latestIds(Long[] users) {
		return database.sql("""
				SELECT u.id AS user_id, latest.id AS latest
				FROM unnest(CAST(:users AS bigint[])) AS u(id),
				     LATERAL (SELECT max(e.id) AS id FROM task_events e WHERE e.user_id = u.id) AS latest
				WHERE latest.id IS NOT NULL""")
			.bind("users", users)
			.map(row -> new LatestEvent(row.get("user_id", Long.class), row.get("latest", Long.class)))
			.all();
	}

	/**
	 * The event, its task rendered exactly as the API shows it when the event kept the
	 * row.
	 */
	private TaskEvent event(Readable row) {
		String payload = row.get("payload", String.class);
		if (payload == null) {
			payload = keptTask.render(row);
		}
		return new TaskEvent(row.get("event_id", Long.class), row.get("user_id", Long.class),
				row.get("task_id", Long.class), row.get("type", String.class), payload);
	}

	record LatestEvent(long userId, long id) {
	}

	/** Events at or below this id may have been removed by retention. */
	Mono<Long> prunedThrough() {
		return database.sql("SELECT pruned_through FROM feed_retention")
			.map(row -> row.get("pruned_through", Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	/**
	 * Removes one batch of events older than the retention period; returns how many went.
	 */
	Mono<Long> prune(Duration retention) {
		return database.sql("""
				WITH removed AS (
				    DELETE FROM task_events
				    WHERE id IN (SELECT id FROM task_events
				                 WHERE created_at < now() - make_interval(secs => :seconds)
				                 ORDER BY id LIMIT 10000)
				    RETURNING id
				), horizon AS (
				    UPDATE feed_retention SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM removed))
				    WHERE EXISTS (SELECT 1 FROM removed)
				)
				SELECT count(*) AS removed FROM removed""")
			.bind("seconds", (double) retention.toSeconds())
			.map(row -> row.get("removed", Long.class))
			.one();
	}

}
