package dev.taskflow.security;

import dev.taskflow.web.ProblemWriter;
import dev.taskflow.web.WebFilterOrder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.server.WebFilter;

/**
 * Spring Security's parts, wired into {@link ApiSecurityFilter}: its firewall, its
 * default response headers, CORS, and the JWT decoder of {@link JwtConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(WebFilterOrder.SECURITY)
	WebFilter apiSecurityFilter(VerifiedTokenCache jwtDecoder, UserStatusLookup users, ProblemWriter problems,
			AuthSettings settings) {
		// The headers Spring Security's chain writes by default (HSTS only over HTTPS).
		ResponseHeaders headers = new ResponseHeaders(new CacheControlServerHttpHeadersWriter(),
				new ContentTypeOptionsServerHttpHeadersWriter(), new StrictTransportSecurityServerHttpHeadersWriter(),
				new XFrameOptionsServerHttpHeadersWriter(), new XXssProtectionServerHttpHeadersWriter(),
				new ReferrerPolicyServerHttpHeadersWriter());
		return new ApiSecurityFilter(new StrictServerWebExchangeFirewall(), headers,
				new CorsWebFilter(CorsPolicy.from(settings)), jwtDecoder, users, problems);
	}

}
