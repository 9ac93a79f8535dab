package taskflow.load;

import java.time.Instant;
import java.util.Arrays;

/**
 * Delivery delays of the feed's events: receipt time minus the task's {@code createdAt} (PostgreSQL's {@code now()}
 * in the writing transaction), so they bound commit-to-receipt from above and need the load generator's clock to
 * agree with the database's (the same host, or both synchronised). Gatling's report times the wait for the next
 * event; this is the figure the feed's goal is about, printed at the end of the run.
 */
final class FeedDelays {

	/** Enough for an hour at 250 events a second; later events are still checked, not kept. */
	private static final int CAPACITY = 1_000_000;

	private static final long[] delays = new long[CAPACITY];

	private static int count;

	private FeedDelays() {
	}

	/** The delay of an event whose task was created at {@code createdAt}, recorded, in milliseconds. */
	static long record(String createdAt) {
		if (createdAt == null) {
			throw new IllegalArgumentException("a task.created event without a createdAt");
		}
		long delay = System.currentTimeMillis() - Instant.parse(createdAt).toEpochMilli();
		synchronized (delays) {
			if (count < CAPACITY) {
				delays[count++] = delay;
			}
		}
		return delay;
	}

	static String summary() {
		long[] sorted;
		synchronized (delays) {
			sorted = Arrays.copyOf(delays, count);
		}
		if (sorted.length == 0) {
			return "feed delivery: no events received";
		}
		Arrays.sort(sorted);
		return "feed delivery (receipt - createdAt), %d events: p50 %d ms, p99 %d ms, max %d ms".formatted(
				sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
	}

	private static long percentile(long[] sorted, double percent) {
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

}
