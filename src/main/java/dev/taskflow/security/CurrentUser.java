package dev.taskflow.security;

import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

import java.util.Optional;

/**
 * How a handler learns who is calling: {@link ApiSecurityFilter} keeps the accepted token
 * on the exchange. Routes that use {@link #of} or {@link #id} are behind authentication,
 * so a caller is always there: these are plain values, read in the handler's own call.
 */
public final class CurrentUser {

	private static final String ATTRIBUTE = CurrentUser.class.getName();

	private CurrentUser() {
	}

	static void set(ServerWebExchange exchange, AuthenticatedUserToken token) {
		exchange.getAttributes().put(ATTRIBUTE, token);
	}

	/** The caller; a 401 problem if the request carried no accepted token. */
	public static AuthenticatedUser of(ServerRequest request) {
		return status(request).user();
	}

	public static long id(ServerRequest request) {
		return of(request).id();
	}

	/** The caller's status as it was when their token was accepted for this request. */
	public static UserStatus status(ServerRequest request) {
		return statusIfAuthenticated(request)
			.orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "Authentication is required."));
	}

	/**
	 * The caller's status if the request carried an accepted bearer token (an open route
	 * may have none).
	 */
	public static Optional<UserStatus> statusIfAuthenticated(ServerRequest request) {
		return request.attribute(ATTRIBUTE).map(token -> ((AuthenticatedUserToken) token).status());
	}

}
