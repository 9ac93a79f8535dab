package dev.taskflow.db;

import java.time.Duration;

/**
 * The R2DBC pool, in the terms users know from SQLAlchemy: {@code size} connections kept, {@code maxOverflow}
 * more under load. Size 0 with overflow 0 means no pool at all.
 */
public record PoolSettings(int size, int maxOverflow, Duration timeout, Duration recycle, boolean prePing) {

    public boolean pooled() {
        return size > 0 || maxOverflow > 0;
    }

    public int maxSize() {
        return size + maxOverflow;
    }
}
