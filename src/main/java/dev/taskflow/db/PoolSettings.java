package dev.taskflow.db;

import java.time.Duration;

/**
 * The R2DBC pool, in the terms users know from SQLAlchemy: {@code size} connections kept,
 * {@code maxOverflow} more under load. Size 0 with overflow 0 means no pool at all. At
 * most {@code maxWaiting} units of work wait for a connection; the next one is refused at
 * once (503, the server is busy) rather than queued without end.
 */
public record PoolSettings(int size, int maxOverflow, Duration timeout, Duration recycle, boolean prePing,
		int maxWaiting) {

	public boolean pooled() {
		return size > 0 || maxOverflow > 0;
	}

	public int maxSize() {
		return size + maxOverflow;
	}
}
