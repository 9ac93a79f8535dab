package dev.taskflow.web;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers every client relies on: no sniffing, no caching of private data, nothing about
 * the server's make.
 */
class ResponseHeadersIntegrationTest {

	private final TestServer server = TestServer.shared();

	@Test
	void authenticatedResponsesAreNotStoredOrSniffed() {
		TestUsers.TestUser user = TestUsers.create(TestDatabase.main());

		HttpHeaders headers = server.client()
			.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseHeaders();

		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(headers.getCacheControl()).contains("no-store");
		assertNoServerIdentity(headers);
	}

	@Test
	void errorsAreNotStoredEither() {
		EntityExchangeResult<byte[]> result = server.client()
			.get()
			.uri("/api/v1/users/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult();

		assertThat(result.getResponseHeaders().getCacheControl()).contains("no-store");
		assertThat(result.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertNoServerIdentity(result.getResponseHeaders());
	}

	@Test
	void publicResponsesDoNotNameTheServer() {
		HttpHeaders headers = server.client()
			.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseHeaders();

		assertNoServerIdentity(headers);
	}

	private static void assertNoServerIdentity(HttpHeaders headers) {
		assertThat(headers.containsHeader("Server")).isFalse();
		assertThat(headers.containsHeader("X-Powered-By")).isFalse();
	}

}
