package dev.taskflow.account;

import dev.taskflow.support.TestServer;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts made through the API, and clients that appear to come from addresses of their
 * own.
 */
final class Accounts {

	static final String PASSWORD = "Correct-Horse-7!";
	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	/**
	 * Loopback is all of 127.0.0.0/8, so each test can sign in from addresses no other
	 * test has charged.
	 */
	private static final AtomicInteger nextAddress = new AtomicInteger(1);

	private Accounts() {
	}

	record Account(long id, String email, String username, String password) {
	}

	static String unique(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	static Map<String, Object> registration(String username) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("email", username + "@example.test");
		body.put("username", username);
		body.put("password", PASSWORD);
		body.put("fullName", "Ada Lovelace");
		return body;
	}

	static Account register(WebTestClient client) {
		String username = unique("acc");
		Map<String, Object> user = client.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(registration(username))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(user).isNotNull();
		return new Account(((Number) user.get("id")).longValue(), username + "@example.test", username, PASSWORD);
	}

	static WebTestClient.ResponseSpec login(WebTestClient client, String login, String password) {
		return client.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", login, "password", password))
			.exchange();
	}

	static String token(WebTestClient client, Account account) {
		Map<String, Object> body = login(client, account.email(), account.password()).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return (String) body.get("accessToken");
	}

	/**
	 * A client whose connections leave from an address of its own on the loopback
	 * network.
	 */
	static WebTestClient clientFrom(TestServer server, String address) {
		return WebTestClient.bindToServer(connectorFrom(address))
			.baseUrl(server.baseUrl())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * One new connection per request, each bound to {@code address}: a pooled one could
	 * come from elsewhere.
	 */
	static ReactorClientHttpConnector connectorFrom(String address) {
		InetSocketAddress local;
		try {
			local = new InetSocketAddress(InetAddress.getByName(address), 0);
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException(address, e);
		}
		return new ReactorClientHttpConnector(HttpClient.newConnection().bindAddress(() -> local));
	}

	static String freshAddress() {
		int n = nextAddress.getAndIncrement();
		return "127.42." + (n / 250) + "." + (1 + n % 250);
	}

	/**
	 * A client from a fresh address: its failed sign-ins count against no other test's
	 * address.
	 */
	static WebTestClient freshClient(TestServer server) {
		return clientFrom(server, freshAddress());
	}

	/**
	 * The {@code errors} of a 422 answer as field → message; fails unless it is exactly
	 * one entry per field.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, String> fieldErrors(WebTestClient.ResponseSpec response) {
		Map<String, Object> problem = response.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(problem).isNotNull();
		List<Map<String, String>> errors = (List<Map<String, String>>) problem.get("errors");
		Map<String, String> byField = new LinkedHashMap<>();
		for (Map<String, String> error : errors) {
			assertThat(byField.put(error.get("field"), error.get("message")))
				.as("one entry for field %s", error.get("field"))
				.isNull();
		}
		return byField;
	}

}
