package dev.taskflow.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads settings by their environment-variable names and turns malformed values into a
 * {@link SettingsException} that names the variable.
 */
public final class EnvReader {

	private final Function<String, String> lookup;

	public EnvReader(Function<String, String> lookup) {
		this.lookup = lookup;
	}

	/** The trimmed value, or null when unset or blank. */
	public String string(String name) {
		String value = lookup.apply(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		return value.strip();
	}

	public String string(String name, String fallback) {
		String value = string(name);
		return value == null ? fallback : value;
	}

	public int integer(String name, int fallback, int min, int max) {
		String value = string(name);
		if (value == null) {
			return fallback;
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value);
		}
		catch (NumberFormatException e) {
			throw new SettingsException(name, "must be a whole number, got '" + value + "'");
		}
		if (parsed < min || parsed > max) {
			throw new SettingsException(name, "must be between " + min + " and " + max + ", got " + parsed);
		}
		return parsed;
	}

	public Duration seconds(String name, int fallbackSeconds, int min, int max) {
		return Duration.ofSeconds(integer(name, fallbackSeconds, min, max));
	}

	public boolean bool(String name, boolean fallback) {
		String value = string(name);
		if (value == null) {
			return fallback;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "on" -> true;
			case "false", "0", "no", "off" -> false;
			default -> throw new SettingsException(name, "must be true or false, got '" + value + "'");
		};
	}

}
