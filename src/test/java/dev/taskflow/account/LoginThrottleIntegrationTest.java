package dev.taskflow.account;

import dev.taskflow.account.Accounts.Account;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.taskflow.account.Accounts.PASSWORD;
import static dev.taskflow.account.Accounts.freshClient;
import static dev.taskflow.account.Accounts.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past 10 failed sign-ins in 15 minutes, per account and per client address, the answer
 * is 429 with Retry-After; a success clears the account's count. Each test signs in from
 * loopback addresses of its own.
 */
class LoginThrottleIntegrationTest {

	private static final String WRONG = "Wrong-Password-1!";

	private static final TestServer server = TestServer.shared();

	private static final TestDatabase database = TestDatabase.main();

	private final WebTestClient client = server.client();

	@Test
	void theEleventhAttemptOnAnAccountIs429EvenWithTheRightPasswordAndFromAnotherAddress() {
		Account account = Accounts.register(client);
		for (int i = 0; i < 10; i++) {
			Accounts.login(freshClient(server), account.email(), WRONG).expectStatus().isUnauthorized();
		}

		Accounts.login(freshClient(server), account.email(), PASSWORD)
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value)).isBetween(1, 15 * 60))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429);
	}

	@Test
	void theAccountCountsWhicheverNameIsTyped() {
		Account account = Accounts.register(client);
		for (int i = 0; i < 10; i++) {
			String login = i % 2 == 0 ? account.email() : account.username().toUpperCase();
			Accounts.login(freshClient(server), login, WRONG).expectStatus().isUnauthorized();
		}

		Accounts.login(freshClient(server), account.username(), PASSWORD).expectStatus().isEqualTo(429);
	}

	@Test
	void unknownAccountsAreThrottledTheSameWaySoTheyCannotBeToldApart() {
		String nobody = unique("nobody") + "@example.test";
		for (int i = 0; i < 10; i++) {
			Accounts.login(freshClient(server), nobody, WRONG).expectStatus().isUnauthorized();
		}

		Accounts.login(freshClient(server), nobody, WRONG)
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);
	}

	@Test
	void tenFailuresFromOneAddressBlockThatAddressForEveryAccountButNoOtherAddress() {
		WebTestClient attacker = freshClient(server);
		for (int i = 0; i < 10; i++) {
			Accounts.login(attacker, unique("guess") + "@example.test", WRONG).expectStatus().isUnauthorized();
		}
		Account account = Accounts.register(client);

		Accounts.login(attacker, account.email(), PASSWORD)
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);
		Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isOk();
	}

	@Test
	void aMadeUpForwardedForHeaderDoesNotEscapeTheAddressLimit() {
		WebTestClient attacker = freshClient(server);
		for (int i = 0; i < 10; i++) {
			attacker.post()
				.uri("/api/v1/auth/login")
				.header("X-Forwarded-For", "203.0.113." + i)
				.header("Forwarded", "for=198.51.100." + i)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("login", unique("guess"), "password", WRONG))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

		attacker.post()
			.uri("/api/v1/auth/login")
			.header("X-Forwarded-For", "203.0.113.99")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", unique("guess"), "password", WRONG))
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	@Test
	void aSuccessResetsTheAccountsCount() {
		Account account = Accounts.register(client);
		for (int i = 0; i < 9; i++) {
			Accounts.login(freshClient(server), account.email(), WRONG).expectStatus().isUnauthorized();
		}
		Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isOk();

		for (int i = 0; i < 10; i++) {
			Accounts.login(freshClient(server), account.email(), WRONG).expectStatus().isUnauthorized();
		}
		Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isEqualTo(429);
	}

	@Test
	void successesFromOneAddressAreNeverThrottled() {
		Account account = Accounts.register(client);
		WebTestClient office = freshClient(server);

		for (int i = 0; i < 12; i++) {
			Accounts.login(office, account.email(), PASSWORD).expectStatus().isOk();
		}
	}

	@Test
	void whenTheWindowHasPassedTheAccountMaySignInAgain() {
		Account account = Accounts.register(client);
		for (int i = 0; i < 10; i++) {
			Accounts.login(freshClient(server), account.email(), WRONG).expectStatus().isUnauthorized();
		}
		Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isEqualTo(429);

		database.execute("UPDATE login_throttle SET window_started_at = window_started_at - interval '15 minutes'"
				+ " WHERE key = sha256(convert_to('user:" + account.id() + "', 'UTF8'))");

		Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isOk();
	}

	/**
	 * Every attempt is counted before its password is checked, so a burst cannot slip
	 * past the limit.
	 */
	@Test
	void ofThirtyParallelGuessesExactlyTenAreChecked() {
		Account account = Accounts.register(client);
		List<WebClient> clients = Flux.range(0, 30)
			.map(i -> webClientFrom(Accounts.freshAddress()))
			.collectList()
			.block();

		List<Integer> statuses = Flux.fromIterable(clients)
			.flatMap(
					web -> web.post()
						.uri("/api/v1/auth/login")
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(Map.of("login", account.email(), "password", WRONG))
						.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
					30)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).filteredOn(status -> status == 401).hasSize(10);
		assertThat(statuses).filteredOn(status -> status == 429).hasSize(20);
	}

	@Test
	void theLimitHoldsAcrossServerInstances() {
		Account account = Accounts.register(client);
		try (TestServer second = TestServer.start(Map.of())) {
			for (int i = 0; i < 10; i++) {
				TestServer instance = i % 2 == 0 ? server : second;
				Accounts.login(freshClient(instance), account.email(), WRONG).expectStatus().isUnauthorized();
			}

			Accounts.login(freshClient(second), account.email(), PASSWORD).expectStatus().isEqualTo(429);
			Accounts.login(freshClient(server), account.email(), PASSWORD).expectStatus().isEqualTo(429);
		}
	}

	private static WebClient webClientFrom(String address) {
		return WebClient.builder().baseUrl(server.baseUrl()).clientConnector(Accounts.connectorFrom(address)).build();
	}

}
