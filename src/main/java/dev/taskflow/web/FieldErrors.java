package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects every invalid field of a request, so the client hears about all of them at
 * once: 422 with an {@code errors} array of {@code {field, message}}.
 */
public final class FieldErrors {

	private final List<Map<String, String>> errors = new ArrayList<>();

	public FieldErrors reject(String field, String message) {
		errors.add(Map.of("field", field, "message", message));
		return this;
	}

	/**
	 * One entry for the field naming every rule in {@code broken}; nothing if it is
	 * empty.
	 */
	public FieldErrors reject(String field, List<String> broken) {
		if (!broken.isEmpty()) {
			reject(field, String.join("; ", broken));
		}
		return this;
	}

	public boolean isEmpty() {
		return errors.isEmpty();
	}

	/** Throws the 422 problem if any field was rejected. */
	public void throwIfAny() {
		if (!errors.isEmpty()) {
			throw problem();
		}
	}

	/** The 422 problem listing the fields rejected. */
	public ProblemException problem() {
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "The request has invalid fields.",
				Map.of("errors", List.copyOf(errors)), HttpHeaders.EMPTY);
	}

}
