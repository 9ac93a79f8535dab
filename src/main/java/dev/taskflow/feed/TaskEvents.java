package dev.taskflow.feed;

/**
 * The {@code task_events} table's writing side, for the task feature: its statements
 * write their events themselves, so a change and its events commit together, in one round
 * trip, with no transaction around them. Everything else about the table (its reads, its
 * columns, its rows as {@link TaskEvent}s, retention) is this package's.
 * <p>
 * Each fragment is the body of a common table expression, {@code event AS (…)}, that
 * writes one event of type {@code :eventType} for each row of a {@code changed} CTE of
 * the same statement, a {@code RETURNING} of {@code tasks}; {@code :userId} is the user
 * written for. The user's transaction lock comes first, so each user's event ids are
 * allocated and committed in the same order and a reader following "id > last" never
 * skips one committed late (the 005 changelog; {@link FeedPosition} relies on it too).
 */
public final class TaskEvents {

	/**
	 * The first key of the user's transaction lock ({@code pg_advisory_xact_lock(int,
	 * int)}); the second is the user's id hashed. Any writer of the table must take it.
	 */
	private static final int USER_LOCK = 7301;

	/**
	 * Events keeping each changed row ({@code RETURNING *}) as it was written; the feed
	 * renders it as the API's JSON when it reads it ({@link KeptTaskJson}).
	 */
	public static final String KEEPING_ROWS = write("task", "to_jsonb(changed)");

	/**
	 * Events that carry only the task's id, for deleted rows ({@code RETURNING id,
	 * user_id} suffices).
	 */
	public static final String IDS_ONLY = write("payload", "jsonb_build_object('id', changed.id)::text");

	private TaskEvents() {
	}

	private static String write(String column, String value) {
		return """
				INSERT INTO task_events (user_id, task_id, type, %s)
				SELECT changed.user_id, changed.id, CAST(:eventType AS text), %s
				FROM (SELECT pg_advisory_xact_lock(%d, hashint8(:userId))) AS user_lock, changed
				ORDER BY changed.id""".formatted(column, value, USER_LOCK);
	}

}
