package dev.taskflow.security;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the server logs while accounts are made, used, attacked and changed, with
 * SQL logging on: no password, token, hash, signing secret or database password may
 * appear in it.
 */
class SecretsInLogsIntegrationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Test
	void noSecretReachesTheLogs() {
		PrintStream console = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(new TeeOutputStream(console, captured), true, StandardCharsets.UTF_8));
		String username = "logs_" + UUID.randomUUID().toString().substring(0, 8);
		String password = "Unlogged-Pa55word!";
		String newPassword = "Another-Pa55word#";
		String token;
		TestDatabase database = TestDatabase.main();
		try (TestServer server = TestServer.start(Map.of("DEBUG", "true"))) {
			WebTestClient client = server.client();
			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("email", username + "@example.test", "username", username, "password", password,
						"fullName", "Log Reader"))
				.exchange()
				.expectStatus()
				.isCreated();
			client.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("login", username, "password", "Wrong-Pa55word!"))
				.exchange()
				.expectStatus()
				.isUnauthorized();
			token = (String) client.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("login", username, "password", password))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody()
				.get("accessToken");
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
			client.patch()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("currentPassword", password, "password", newPassword))
				.exchange()
				.expectStatus()
				.isOk();
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token + "tampered")
				.exchange()
				.expectStatus()
				.isUnauthorized();
			client.get().uri("/health/db").exchange().expectStatus().isOk();
		}
		finally {
			System.setOut(console);
		}
		String hash = database.string("SELECT password_hash FROM users WHERE username = '" + username + "'");
		String logs = captured.toString(StandardCharsets.UTF_8);

		assertThat(logs).as("SQL logging is on, so this test sees the statements")
			.contains("SELECT id, role, token_version FROM users");
		assertThat(logs).doesNotContain(password)
			.doesNotContain(newPassword)
			.doesNotContain(token)
			.doesNotContain(hash)
			.doesNotContain(TestServer.AUTH_SECRET)
			.doesNotContain("taskflow:taskflow@")
			.doesNotContain("password=taskflow");
	}

	/** Logs go to the console; keep showing them while capturing them. */
	private static final class TeeOutputStream extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		TeeOutputStream(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public synchronized void write(int b) throws IOException {
			first.write(b);
			second.write(b);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
			first.write(bytes, offset, length);
			second.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			first.flush();
			second.flush();
		}

	}

}
