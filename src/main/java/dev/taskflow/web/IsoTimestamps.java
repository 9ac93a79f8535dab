package dev.taskflow.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times as clients send them: with an offset, and within years 1 to 9999.
 * The year bound keeps values inside what PostgreSQL's {@code timestamptz} holds, so an
 * absurd date is the client's error, not ours.
 */
public final class IsoTimestamps {

	public static final String EXAMPLE = "2026-05-01T12:00:00Z";

	private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

	private IsoTimestamps() {
	}

	/**
	 * The instant, or {@code null} if {@code text} is not an ISO-8601 date-time with an
	 * offset in range.
	 */
	public static Instant parse(String text) {
		try {
			Instant instant = OffsetDateTime.parse(text).toInstant();
			return instant.isBefore(MIN) || instant.isAfter(MAX) ? null : instant;
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}

}
