package dev.taskflow.account;

import dev.taskflow.security.CurrentUser;
import dev.taskflow.web.ProblemException;
import dev.taskflow.web.QueryParameters;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Routes under {@code /api/v1/admin}: the security chain lets only role {@code admin}
 * reach them.
 */
@Component
class AdminUserHandler {

	static final int DEFAULT_LIMIT = 20;
	static final int MAX_LIMIT = 100;

	private static final Set<String> LIST_PARAMETERS = Set.of("limit", "offset");

	private final UserAdminService admin;

	private final RequestBodies bodies;

	AdminUserHandler(UserAdminService admin, RequestBodies bodies) {
		this.admin = admin;
		this.bodies = bodies;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return Mono.defer(() -> {
			QueryParameters.of(request.queryParams(), LIST_PARAMETERS);
			int limit = (int) number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
			long offset = number(request, "offset", 0, 0, Long.MAX_VALUE);
			return admin.page(limit, offset);
		}).flatMap(page -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
	}

	Mono<ServerResponse> update(ServerRequest request) {
		long adminId = CurrentUser.id(request);
		return bodies.required(request, UserUpdateRequest.class)
			.flatMap(body -> admin.update(adminId, userId(request), body))
			.flatMap(user -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(user));
	}

	private static long userId(ServerRequest request) {
		try {
			return Long.parseLong(request.pathVariable("id"));
		}
		catch (NumberFormatException e) {
			throw new ProblemException(HttpStatus.NOT_FOUND, "No such user.");
		}
	}

	private static long number(ServerRequest request, String name, long fallback, long min, long max) {
		String value = request.queryParam(name).orElse(null);
		if (value == null) {
			return fallback;
		}
		try {
			long parsed = Long.parseLong(value);
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException e) {
			// Reported below, like a number out of range.
		}
		throw QueryParameters.invalid(name, "'" + name + "' must be a whole number from " + min
				+ (max == Long.MAX_VALUE ? " up" : " to " + max) + ".");
	}

}
