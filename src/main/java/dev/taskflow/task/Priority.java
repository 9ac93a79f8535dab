package dev.taskflow.task;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Stored as 1, 2, 3 so it sorts and range-filters through a plain index; written as its
 * name in JSON.
 */
public enum Priority {

	LOW, MEDIUM, HIGH;

	static final List<String> NAMES = Arrays.stream(values()).map(Priority::json).toList();

	@JsonValue
	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	short code() {
		return (short) (ordinal() + 1);
	}

	static Priority fromCode(short code) {
		return values()[code - 1];
	}

	/** The priority named {@code text}, or {@code null} if it names none. */
	static Priority parse(String text) {
		int index = NAMES.indexOf(text);
		return index < 0 ? null : values()[index];
	}

}
