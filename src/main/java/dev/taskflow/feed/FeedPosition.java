package dev.taskflow.feed;

/**
 * Where a user's feed stands, for reads that tell the client where to open the feed so it
 * misses nothing and gets nothing twice. A user's events commit in id order (writers take
 * the user's transaction lock before inserting, see the 005 changelog), so the events a
 * statement's snapshot sees are exactly those up to the newest one it sees.
 */
public final class FeedPosition {

	/**
	 * SQL for the position of {@code :userId} as the statement around it sees it: the
	 * database function {@code feed_position} (changelog 010), which reads from that
	 * statement's snapshot, the same one as the rows read beside it.
	 */
	public static final String SQL = "feed_position(:userId)";

	/** The response header, and the page field ({@code feedPosition}), that carry it. */
	public static final String HEADER = "Feed-Position";

	private FeedPosition() {
	}

}
