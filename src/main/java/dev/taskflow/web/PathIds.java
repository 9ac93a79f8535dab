package dev.taskflow.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The numeric id in a route's path, e.g. {@code /api/v1/tasks/42}. The route admits
 * digits only ({@link #SEGMENT}): {@code Long.parseLong} alone would also take "+7" as 7.
 * A number too large for an id names nothing either: 404, as for an id nobody has.
 */
public final class PathIds {

	/** The path segment of a route with an id. */
	public static final String SEGMENT = "{id:[0-9]+}";

	private PathIds() {
	}

	/** The id, or 404 with {@code notFound} (e.g. "No such task.") as the detail. */
	public static long id(ServerRequest request, String notFound) {
		return parse(request.pathVariable("id"), notFound);
	}

	static long parse(String digits, String notFound) {
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException e) {
			throw new ProblemException(HttpStatus.NOT_FOUND, notFound);
		}
	}

}
