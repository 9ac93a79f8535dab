package dev.taskflow.feed;

import dev.taskflow.config.SettingsException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The live feed. Each property is also set by the variable named with it (see
 * {@code .env.example}).
 *
 * @param retention How long feed events stay resumable with Last-Event-ID
 * (FEED_RETENTION_HOURS, hours)
 * @param heartbeat Time between comment lines that keep idle streams open through proxies
 * (FEED_HEARTBEAT_SECONDS, seconds)
 * @param buffer Events a subscriber may fall behind before it is closed (it then resumes
 * without loss). The default holds two of the largest bulk changes (1,000 tasks, 1,000
 * events each), so one bulk alone never cuts off a client that keeps reading
 * (FEED_BUFFER)
 */
@ConfigurationProperties("taskflow.feed")
public record FeedSettings(@DefaultValue("168") @DurationUnit(ChronoUnit.HOURS) Duration retention,
		@DefaultValue("15") @DurationUnit(ChronoUnit.SECONDS) Duration heartbeat, @DefaultValue("2000") int buffer) {

	public FeedSettings {
		SettingsException.requireBetween("FEED_RETENTION_HOURS", retention.toHours(), 1, 24 * 365);
		SettingsException.requireBetween("FEED_HEARTBEAT_SECONDS", heartbeat.toSeconds(), 1, 3600);
		SettingsException.requireBetween("FEED_BUFFER", buffer, 1, 100_000);
	}
}
