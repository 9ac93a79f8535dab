package dev.taskflow.security;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers on the origins in ALLOWED_ORIGINS may call the API; preflight requests are
 * answered without a token.
 */
class CorsIntegrationTest {

	private static final String APP = "https://app.example.test";

	private static TestServer server;

	@BeforeAll
	static void startWithAllowedOrigins() {
		server = TestServer.start(Map.of("ALLOWED_ORIGINS", APP + ", https://*.preview.example.test"));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static WebTestClient.ResponseSpec preflight(WebTestClient client, String origin, String method) {
		return client.options()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
			.exchange();
	}

	@Test
	void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
		preflight(server.client(), APP, "PATCH").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods).contains("PATCH"))
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					headers -> assertThat(headers.toLowerCase()).contains("authorization").contains("content-type"))
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "3600")
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
	}

	@Test
	void anOriginMatchingAPatternIsAllowed() {
		String origin = "https://pr-42.preview.example.test";
		preflight(server.client(), origin, "GET").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
	}

	@Test
	void aPreflightFromAnotherOriginIsRefused() {
		preflight(server.client(), "https://evil.example.test", "GET").expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void anActualRequestCarriesTheCorsHeadersEvenWhenRefused() {
		server.client()
			.method(HttpMethod.GET)
			.uri("/api/v1/users/me")
			.header(HttpHeaders.ORIGIN, APP)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					exposed -> assertThat(exposed).contains("WWW-Authenticate").contains("Retry-After"));
	}

	@Test
	void withoutAllowedOriginsNoOriginIsAllowed() {
		preflight(TestServer.shared().client(), APP, "GET").expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
