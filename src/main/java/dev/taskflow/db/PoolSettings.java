package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The R2DBC pool, in the terms users know from SQLAlchemy: {@code size} connections kept,
 * {@code maxOverflow} more under load. Size 0 with overflow 0 means no pool at all. At
 * most {@code maxWaiting} units of work wait for a connection; the next one is refused at
 * once (503, the server is busy) rather than queued without end.
 *
 * @param size Connections kept open (DB_POOL_SIZE); 0 with no overflow: no pool, one
 * connection per unit of work
 * @param maxOverflow Connections opened beyond the size under load, closed once idle
 * (DB_MAX_OVERFLOW)
 * @param timeout How long a request waits for a free connection before it is answered 503
 * (DB_POOL_TIMEOUT, seconds)
 * @param recycle The longest a connection lives (DB_POOL_RECYCLE, seconds)
 * @param prePing Whether a connection is checked with a round trip before it is handed
 * out (DB_POOL_PRE_PING)
 * @param maxWaiting Units of work that may wait for a connection at once; the next is
 * answered 503 at once (DB_POOL_MAX_WAITING)
 */
public record PoolSettings(@DefaultValue("5") int size, @DefaultValue("5") int maxOverflow,
		@DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration timeout,
		@DefaultValue("1800") @DurationUnit(ChronoUnit.SECONDS) Duration recycle, @DefaultValue("true") boolean prePing,
		@DefaultValue("1000") int maxWaiting) {

	public PoolSettings {
		SettingsException.requireBetween("DB_POOL_SIZE", size, 0, 10_000);
		SettingsException.requireBetween("DB_MAX_OVERFLOW", maxOverflow, 0, 10_000);
		SettingsException.requireBetween("DB_POOL_TIMEOUT", timeout.toSeconds(), 1, 3600);
		SettingsException.requireBetween("DB_POOL_RECYCLE", recycle.toSeconds(), 1, 86_400);
		SettingsException.requireBetween("DB_POOL_MAX_WAITING", maxWaiting, 1, 1_000_000);
	}

	public boolean pooled() {
		return size > 0 || maxOverflow > 0;
	}

	public int maxSize() {
		return size + maxOverflow;
	}
}
