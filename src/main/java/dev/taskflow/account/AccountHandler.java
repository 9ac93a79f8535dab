package dev.taskflow.account;

import dev.taskflow.security.CurrentUser;
import dev.taskflow.web.JsonBodies;
import dev.taskflow.web.QueryParameters;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.URI;

@Component
class AccountHandler {

	private static final URI ME = URI.create("/api/v1/users/me");

	private final AccountService accounts;

	private final JsonBodies bodies;

	AccountHandler(AccountService accounts, JsonBodies bodies) {
		this.accounts = accounts;
		this.bodies = bodies;
	}

	Mono<ServerResponse> register(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return bodies.record(request, JsonBodies.JSON, RegisterRequest.class)
			.flatMap(accounts::register)
			.flatMap(user -> ServerResponse.created(ME).contentType(MediaType.APPLICATION_JSON).bodyValue(user));
	}

	/** A token must not be kept by any cache on the way (RFC 6749, 5.1). */
	Mono<ServerResponse> login(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return bodies.record(request, JsonBodies.JSON, LoginRequest.class)
			.flatMap(body -> accounts.login(body, ClientAddress.of(request)))
			.flatMap(token -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(token));
	}

	Mono<ServerResponse> me(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return accounts.me(CurrentUser.id(request)).flatMap(AccountHandler::ok);
	}

	Mono<ServerResponse> update(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long id = CurrentUser.id(request);
		return bodies.record(request, JsonBodies.PATCH, ProfileUpdateRequest.class)
			.flatMap(body -> accounts.update(id, body, ClientAddress.of(request)))
			.flatMap(AccountHandler::ok);
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return accounts.delete(CurrentUser.id(request)).then(ServerResponse.noContent().build());
	}

	private static Mono<ServerResponse> ok(UserView user) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(user);
	}

}
