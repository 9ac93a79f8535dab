package dev.taskflow.security;

import dev.taskflow.web.ProblemWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.core.publisher.Mono;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, UserStatusLookup users, ProblemWriter problems,
                                                  AuthSettings settings) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, error) -> {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.WWW_AUTHENTICATE, error instanceof OAuth2AuthenticationException
                    ? "Bearer error=\"invalid_token\"" : "Bearer");
            String detail = error instanceof OAuth2AuthenticationException
                    ? "The bearer token is invalid, expired or no longer valid for its user."
                    : "A bearer token is required.";
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, detail, Map.of(), headers);
        };
        ServerAccessDeniedHandler forbidden = (exchange, error) ->
                problems.write(exchange, HttpStatus.FORBIDDEN, "You are not allowed to do this.", Map.of(), HttpHeaders.EMPTY);
        return http
                .cors(cors -> cors.configurationSource(CorsPolicy.from(settings)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                // Stateless: every request shows its token; nothing is kept in, or looked up from, a web session.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/api/v1/auth/**").permitAll()
                        // EventSource cannot send a bearer token: the feed also takes a single-use ticket, which
                        // its handler checks; a bearer token, when present, is still verified here.
                        .pathMatchers(HttpMethod.GET, "/api/v1/tasks/events").permitAll()
                        .pathMatchers("/api/v1/admin/**").hasRole("admin")
                        .pathMatchers("/api/v1/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(token -> toAuthentication(token, users))))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * No observation per security filter, authentication and authorization: they cost about 5% of the server's CPU
     * per request (bench/results/profile.md) and add nothing the HTTP server metrics do not already show.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's firewall refuses a request with an encoded slash or dot, a "..", "//" or ";" in its path, a
     * NUL anywhere, a method other than the standard ones, or control characters in a header. Its own refusal is a
     * bare 400; this one is the same 400 as a problem document, like every other error.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedExchanges(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST,
                "The request's path, method or headers contain something this server does not accept.", Map.of(),
                HttpHeaders.EMPTY);
    }

    private static Mono<AbstractAuthenticationToken> toAuthentication(Jwt jwt, UserStatusLookup users) {
        return users.findActive(Long.parseLong(jwt.getSubject()))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The token's user is not active.")))
                .flatMap(status -> status.accepts(jwt)
                        ? Mono.just(new AuthenticatedUserToken(status, jwt))
                        : Mono.error(() -> new InvalidBearerTokenException("The token has been revoked.")));
    }
}
