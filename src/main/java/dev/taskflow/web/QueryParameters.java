package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of a request's query string: a parameter the route does not know, one
 * given twice or without a value, or a value out of range is a 400 whose problem names
 * the parameter (in {@code detail} and as {@code parameter}), so a typo never silently
 * widens a query.
 */
public final class QueryParameters {

	private final MultiValueMap<String, String> values;

	private QueryParameters(MultiValueMap<String, String> values) {
		this.values = values;
	}

	/**
	 * Rejects any parameter outside {@code allowed} and any parameter given more than
	 * once.
	 */
	public static QueryParameters of(MultiValueMap<String, String> values, Set<String> allowed) {
		for (String name : new TreeSet<>(values.keySet())) {
			if (!allowed.contains(name)) {
				throw invalid(name, "Unknown query parameter '" + name + "'" + (allowed.isEmpty()
						? "; this route takes none." : "; expected one of " + new TreeSet<>(allowed) + "."));
			}
			if (values.get(name).size() > 1) {
				throw invalid(name, "Query parameter '" + name + "' is given more than once.");
			}
			// "?limit" alone has a null value, which would read as no parameter at all.
			if (values.get(name).getFirst() == null) {
				throw invalid(name, "Query parameter '" + name + "' has no value.");
			}
		}
		return new QueryParameters(values);
	}

	/**
	 * For a route that takes no query parameters: any one is a 400 naming it. Handlers
	 * call this (or {@link #of}) first, so every route reads its query string one way.
	 */
	public static void none(MultiValueMap<String, String> values) {
		of(values, Set.of());
	}

	public static ProblemException invalid(String name, String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, detail, Map.of("parameter", name), HttpHeaders.EMPTY);
	}

	public boolean has(String name) {
		return values.containsKey(name);
	}

	/** The raw value, or {@code null} when absent. */
	public String string(String name) {
		List<String> list = values.get(name);
		return list == null || list.isEmpty() ? null : list.getFirst();
	}

	public int integer(String name, int fallback, int min, int max) {
		return (int) whole(name, fallback, min, max);
	}

	/**
	 * A whole number from {@code min} to {@code max}; {@link Long#MAX_VALUE}: no limit.
	 */
	public long whole(String name, long fallback, long min, long max) {
		String text = string(name);
		if (text == null) {
			return fallback;
		}
		try {
			long value = Long.parseLong(text);
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ignored) {
			// reported below with the range
		}
		throw invalid(name, "Query parameter '" + name + "' must be an integer "
				+ (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max) + ".");
	}

	public Boolean bool(String name) {
		String text = string(name);
		if (text == null) {
			return null;
		}
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalid(name, "Query parameter '" + name + "' must be true or false.");
		};
	}

	/** An ISO-8601 date-time with an offset, e.g. {@code 2026-05-01T12:00:00Z}. */
	public Instant instant(String name) {
		String text = string(name);
		if (text == null) {
			return null;
		}
		Instant instant = IsoTimestamps.parse(text);
		if (instant == null) {
			throw invalid(name, "Query parameter '" + name + "' must be an ISO-8601 date-time with an offset, e.g. "
					+ IsoTimestamps.EXAMPLE + ".");
		}
		return instant;
	}

	/** One of {@code choices}, compared exactly. */
	public String choice(String name, String fallback, List<String> choices) {
		String text = string(name);
		if (text == null) {
			return fallback;
		}
		if (!choices.contains(text)) {
			throw invalid(name, "Query parameter '" + name + "' must be one of " + String.join(", ", choices) + ".");
		}
		return text;
	}

}
