package dev.taskflow.security;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * Which web pages may call the API from a browser: the origins in {@code ALLOWED_ORIGINS}
 * (patterns such as {@code https://*.example.com} allowed), none when it is empty. Tokens
 * travel in the {@code Authorization} header, never in cookies, so credentials mode stays
 * off.
 */
final class CorsPolicy {

	private CorsPolicy() {
	}

	static CorsConfigurationSource from(AuthSettings settings) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (settings.allowedOrigins().isEmpty()) {
			return source;
		}
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(settings.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
				HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", "Last-Event-ID"));
		cors.setExposedHeaders(
				List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
