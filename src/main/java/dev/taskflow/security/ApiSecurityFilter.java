package dev.taskflow.security;

import dev.taskflow.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * What Spring Security's full reactive filter chain did for this API, as one web filter:
 * its request firewall, its response headers, CORS, the bearer token read by its
 * converter and checked by its JWT authentication manager, then against the user's
 * current status, and the access rules below. The full chain ran a dozen filters on every
 * request, each a layer of the reactive chain with its own matchers and context lookups;
 * this does the same checks in one pass (bench/results/tuning.md).
 * <p>
 * A token seen before, of a user whose status is cached, is accepted without any reactive
 * step: the decoder already verified it ({@link VerifiedTokenCache}, which still checks
 * its expiry), and the status cache is kept current by {@link UserStatusLookup}.
 * Everything else goes through the converter and the authentication manager.
 * <p>
 * Access: {@code /api/v1/auth/**} and {@code GET /api/v1/tasks/events} (which also takes
 * a ticket) are open, {@code /api/v1/admin/**} needs the admin role, the rest of
 * {@code /api/v1/**} a user, and everything else (health, docs, the watch page) is open.
 * A token that is sent is verified on every route, open ones included.
 */
final class ApiSecurityFilter implements WebFilter {

	private static final PathPattern API = pattern("/api/v1/**");

	private static final PathPattern ACCOUNTS = pattern("/api/v1/auth/**");

	private static final PathPattern FEED = pattern("/api/v1/tasks/events");

	private static final PathPattern ADMIN = pattern("/api/v1/admin/**");

	private static final String BEARER = "Bearer ";

	private enum Access {

		OPEN, USER, ADMIN

	}

	private final ServerWebExchangeFirewall firewall;

	private final ServerHttpHeadersWriter headers;

	private final CorsWebFilter cors;

	private final VerifiedTokenCache tokens;

	private final UserStatusLookup users;

	private final ProblemWriter problems;

	private final ServerBearerTokenAuthenticationConverter bearerTokens = new ServerBearerTokenAuthenticationConverter();

	private final ReactiveAuthenticationManager authentication;

	ApiSecurityFilter(ServerWebExchangeFirewall firewall, ServerHttpHeadersWriter headers, CorsWebFilter cors,
			VerifiedTokenCache tokens, UserStatusLookup users, ProblemWriter problems) {
		this.firewall = firewall;
		this.headers = headers;
		this.cors = cors;
		this.tokens = tokens;
		this.users = users;
		this.problems = problems;
		JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(tokens);
		manager.setJwtAuthenticationConverter(this::toAuthentication);
		this.authentication = manager;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return firewall.getFirewalledExchange(exchange).flatMap(checked -> {
			checked.getResponse().beforeCommit(() -> headers.writeHttpHeaders(checked));
			return cors.filter(checked, corsPassed -> authenticate(corsPassed, chain));
		})
			// The firewall also checks headers as they are read, further down the chain.
			.onErrorResume(ServerExchangeRejectedException.class,
					rejected -> problems.write(exchange, HttpStatus.BAD_REQUEST,
							"The request's path, method or headers contain something this server " + "does not accept.",
							Map.of(), HttpHeaders.EMPTY));
	}

	private Mono<Void> authenticate(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Access access = access(request);
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !StringUtils.startsWithIgnoreCase(authorization, "bearer")) {
			// No bearer token (the converter reads none from another scheme either): open
			// routes only.
			return access == Access.OPEN ? chain.filter(exchange) : unauthorized(exchange, null);
		}
		AuthenticatedUserToken known = knownCaller(request, authorization);
		if (known != null) {
			return authorized(exchange, chain, access, known);
		}
		return bearerTokens.convert(exchange)
			.flatMap(authentication::authenticate)
			.switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The bearer token could not be read.")))
			.flatMap(caller -> authorized(exchange, chain, access, (AuthenticatedUserToken) caller))
			.onErrorResume(AuthenticationException.class, error -> unauthorized(exchange, error));
	}

	/**
	 * The caller, if the token is exactly one accepted before (so the converter's and the
	 * decoder's checks passed on it then) and not expired, and its user's status is
	 * cached and still accepts it; else {@code null}.
	 */
	private AuthenticatedUserToken knownCaller(ServerHttpRequest request, String authorization) {
		String query = request.getURI().getRawQuery();
		if (!authorization.startsWith(BEARER) || (query != null && query.contains("access_token"))) {
			return null;
		}
		Jwt jwt = tokens.verifiedBefore(authorization.substring(BEARER.length()));
		UserStatus status = jwt == null ? null : users.cachedActive(Long.parseLong(jwt.getSubject()));
		return status != null && status.accepts(jwt) ? new AuthenticatedUserToken(status, jwt) : null;
	}

	private Mono<Void> authorized(ServerWebExchange exchange, WebFilterChain chain, Access access,
			AuthenticatedUserToken caller) {
		if (access == Access.ADMIN && !caller.status().user().isAdmin()) {
			return problems.write(exchange, HttpStatus.FORBIDDEN, "You are not allowed to do this.", Map.of(),
					HttpHeaders.EMPTY);
		}
		CurrentUser.set(exchange, caller);
		return chain.filter(exchange);
	}

	/**
	 * The authentication manager's last step: a verified token whose subject is an active
	 * user, at its version.
	 */
	private Mono<AbstractAuthenticationToken> toAuthentication(Jwt jwt) {
		return users.findActive(Long.parseLong(jwt.getSubject()))
			.switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The token's user is not active.")))
			.flatMap(status -> status.accepts(jwt) ? Mono.just(new AuthenticatedUserToken(status, jwt))
					: Mono.error(() -> new InvalidBearerTokenException("The token has been revoked.")));
	}

	private Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
		HttpHeaders challenge = new HttpHeaders();
		boolean invalid = error instanceof OAuth2AuthenticationException;
		challenge.set(HttpHeaders.WWW_AUTHENTICATE, invalid ? "Bearer error=\"invalid_token\"" : "Bearer");
		String detail = invalid ? "The bearer token is invalid, expired or no longer valid for its user."
				: "A bearer token is required.";
		return problems.write(exchange, HttpStatus.UNAUTHORIZED, detail, Map.of(), challenge);
	}

	private static Access access(ServerHttpRequest request) {
		PathContainer path = request.getPath().pathWithinApplication();
		if (!API.matches(path) || ACCOUNTS.matches(path)
				|| (request.getMethod() == HttpMethod.GET && FEED.matches(path))) {
			return Access.OPEN;
		}
		return ADMIN.matches(path) ? Access.ADMIN : Access.USER;
	}

	private static PathPattern pattern(String pattern) {
		return PathPatternParser.defaultInstance.parse(pattern);
	}

}
