package dev.taskflow.security;

import dev.taskflow.web.ProblemWriter;
import dev.taskflow.web.WebFilterOrder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Spring Security's parts, wired into {@link ApiSecurityFilter}: its firewall, its default response headers, CORS,
 * and its JWT authentication manager over the decoder of {@link JwtConfiguration}, whose tokens are then checked
 * against the user's current status.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(WebFilterOrder.SECURITY)
    WebFilter apiSecurityFilter(ReactiveJwtDecoder jwtDecoder, UserStatusLookup users, ProblemWriter problems,
                                AuthSettings settings) {
        JwtReactiveAuthenticationManager authentication = new JwtReactiveAuthenticationManager(jwtDecoder);
        authentication.setJwtAuthenticationConverter(token -> toAuthentication(token, users));
        // The headers Spring Security's chain writes by default (HSTS only over HTTPS).
        CompositeServerHttpHeadersWriter headers = new CompositeServerHttpHeadersWriter(
                new CacheControlServerHttpHeadersWriter(),
                new ContentTypeOptionsServerHttpHeadersWriter(),
                new StrictTransportSecurityServerHttpHeadersWriter(),
                new XFrameOptionsServerHttpHeadersWriter(),
                new XXssProtectionServerHttpHeadersWriter(),
                new ReferrerPolicyServerHttpHeadersWriter());
        return new ApiSecurityFilter(new StrictServerWebExchangeFirewall(), headers,
                new CorsWebFilter(CorsPolicy.from(settings)), authentication, problems);
    }

    private static Mono<AbstractAuthenticationToken> toAuthentication(Jwt jwt, UserStatusLookup users) {
        return users.findActive(Long.parseLong(jwt.getSubject()))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The token's user is not active.")))
                .flatMap(status -> status.accepts(jwt)
                        ? Mono.just(new AuthenticatedUserToken(status, jwt))
                        : Mono.error(() -> new InvalidBearerTokenException("The token has been revoked.")));
    }
}
