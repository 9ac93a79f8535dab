package dev.taskflow.security;

import dev.taskflow.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
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
 * What Spring Security's full reactive filter chain did for this API, as one web filter: its request firewall, its
 * response headers, CORS, the bearer token checked by its converter, JWT decoder and authentication manager, and
 * the access rules below. The full chain ran a dozen filters on every request, each a layer of the reactive chain
 * with its own matchers and context lookups; this does the same checks in one pass (bench/results/tuning.md).
 * <p>
 * Access: {@code /api/v1/auth/**} and {@code GET /api/v1/tasks/events} (which also takes a ticket) are open,
 * {@code /api/v1/admin/**} needs the admin role, the rest of {@code /api/v1/**} a user, and everything else
 * (health, docs, the watch page) is open. A token that is sent is verified on every route, open ones included.
 */
final class ApiSecurityFilter implements WebFilter {

    private static final PathPattern API = pattern("/api/v1/**");
    private static final PathPattern ACCOUNTS = pattern("/api/v1/auth/**");
    private static final PathPattern FEED = pattern("/api/v1/tasks/events");
    private static final PathPattern ADMIN = pattern("/api/v1/admin/**");

    private enum Access { OPEN, USER, ADMIN }

    private final ServerWebExchangeFirewall firewall;
    private final ServerHttpHeadersWriter headers;
    private final CorsWebFilter cors;
    private final ServerBearerTokenAuthenticationConverter bearerTokens = new ServerBearerTokenAuthenticationConverter();
    private final ReactiveAuthenticationManager authentication;
    private final ProblemWriter problems;

    ApiSecurityFilter(ServerWebExchangeFirewall firewall, ServerHttpHeadersWriter headers, CorsWebFilter cors,
                      ReactiveAuthenticationManager authentication, ProblemWriter problems) {
        this.firewall = firewall;
        this.headers = headers;
        this.cors = cors;
        this.authentication = authentication;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return firewall.getFirewalledExchange(exchange)
                .flatMap(checked -> {
                    checked.getResponse().beforeCommit(() -> headers.writeHttpHeaders(checked));
                    return cors.filter(checked, corsPassed -> authenticate(corsPassed, chain));
                })
                // The firewall also checks headers as they are read, further down the chain.
                .onErrorResume(ServerExchangeRejectedException.class, rejected -> problems.write(exchange,
                        HttpStatus.BAD_REQUEST, "The request's path, method or headers contain something this server "
                                + "does not accept.", Map.of(), HttpHeaders.EMPTY));
    }

    private Mono<Void> authenticate(ServerWebExchange exchange, WebFilterChain chain) {
        Access access = access(exchange.getRequest());
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !StringUtils.startsWithIgnoreCase(authorization, "bearer")) {
            // No bearer token (the converter reads none from another scheme either): open routes only.
            return access == Access.OPEN ? chain.filter(exchange) : unauthorized(exchange, null);
        }
        return bearerTokens.convert(exchange)
                .flatMap(authentication::authenticate)
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The bearer token could not be read.")))
                .flatMap(caller -> {
                    AuthenticatedUserToken user = (AuthenticatedUserToken) caller;
                    if (access == Access.ADMIN && !user.status().user().isAdmin()) {
                        return problems.write(exchange, HttpStatus.FORBIDDEN, "You are not allowed to do this.",
                                Map.of(), HttpHeaders.EMPTY);
                    }
                    CurrentUser.set(exchange, user);
                    return chain.filter(exchange);
                })
                .onErrorResume(AuthenticationException.class, error -> unauthorized(exchange, error));
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
