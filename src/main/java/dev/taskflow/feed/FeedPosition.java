package dev.taskflow.feed;

/**
 * Where a user's feed stands, for reads that tell the client where to open the feed so it misses nothing and gets
 * nothing twice. A user's events commit in id order (writers take the user's transaction lock before inserting, see
 * the 005 changelog), so the events a statement's snapshot sees are exactly those up to the newest one it sees.
 */
public final class FeedPosition {

    /**
     * SQL, a scalar subquery over {@code :userId}: the user's newest event id as this statement sees it, or the
     * retention horizon if that is higher (a user whose events were all pruned resumes from there without a reset).
     * Evaluated once per statement, from the same snapshot as the rows read beside it.
     */
    public static final String SQL = """
            (SELECT coalesce(greatest(max(e.id), (SELECT pruned_through FROM feed_retention)), 0)
             FROM task_events AS e WHERE e.user_id = :userId)""";

    /** The response header, and the page field ({@code feedPosition}), that carry it. */
    public static final String HEADER = "Feed-Position";

    private FeedPosition() {
    }
}
