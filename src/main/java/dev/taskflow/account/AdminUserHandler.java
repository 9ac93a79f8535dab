package dev.taskflow.account;

import dev.taskflow.security.CurrentUser;
import dev.taskflow.web.JsonBodies;
import dev.taskflow.web.PathIds;
import dev.taskflow.web.QueryParameters;

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

	private final AdminUserService admin;

	private final JsonBodies bodies;

	AdminUserHandler(AdminUserService admin, JsonBodies bodies) {
		this.admin = admin;
		this.bodies = bodies;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		QueryParameters query = QueryParameters.of(request.queryParams(), LIST_PARAMETERS);
		int limit = query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
		long offset = query.whole("offset", 0, 0, Long.MAX_VALUE);
		return admin.page(limit, offset)
			.flatMap(page -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
	}

	Mono<ServerResponse> update(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long adminId = CurrentUser.id(request);
		long userId = PathIds.id(request, "No such user.");
		return bodies.record(request, JsonBodies.PATCH, AdminUserUpdateRequest.class)
			.flatMap(body -> admin.update(adminId, userId, body))
			.flatMap(user -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(user));
	}

}
