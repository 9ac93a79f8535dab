package dev.taskflow.feed;

import dev.taskflow.config.EnvReader;

import java.time.Duration;

/**
 * @param retention {@code FEED_RETENTION_HOURS}: how long events stay resumable
 * @param heartbeat {@code FEED_HEARTBEAT_SECONDS}: comment lines that keep idle
 * connections open through proxies
 * @param buffer {@code FEED_BUFFER}: events a subscriber may fall behind before it is
 * closed (it then resumes). The default holds two of the largest bulk changes (1,000
 * tasks, 1,000 events each), so one bulk alone never cuts off a client that keeps
 * reading.
 */
public record FeedSettings(Duration retention, Duration heartbeat, int buffer) {

	public static FeedSettings load(EnvReader env) {
		return new FeedSettings(Duration.ofHours(env.integer("FEED_RETENTION_HOURS", 168, 1, 24 * 365)),
				env.seconds("FEED_HEARTBEAT_SECONDS", 15, 1, 3600), env.integer("FEED_BUFFER", 2000, 1, 100_000));
	}
}
