package dev.taskflow.feed;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.core.ParameterizedTypeReference;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers' EventSource cannot send a header: a single-use ticket, valid 60 seconds,
 * opens the stream instead.
 */
class FeedTicketIntegrationTest {

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	@Test
	void aTicketOpensTheStreamOnceAndOnlyOnce() {
		TestUser user = TestUsers.create(database);
		String ticket = issueTicket(user);

		ServerSentEvent<String> first = WebClient.create(server.baseUrl())
			.get()
			.uri("/api/v1/tasks/events?ticket={ticket}", ticket)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.blockFirst(Duration.ofSeconds(10));
		assertThat(first).isNotNull();
		assertThat(first.comment()).isEqualTo("connected");
		assertThat(first.retry()).isEqualTo(Duration.ofSeconds(2));

		server.client()
			.get()
			.uri("/api/v1/tasks/events?ticket={ticket}", ticket)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anExpiredTicketIsRefused() {
		TestUser user = TestUsers.create(database);
		String ticket = issueTicket(user);
		database
			.execute("UPDATE feed_tickets SET expires_at = now() - interval '1 second' WHERE user_id = " + user.id());

		assertRefused(ticket);
	}

	@Test
	void aMadeUpTicketOrNoCredentialIsRefused() {
		server.client().get().uri("/api/v1/tasks/events?ticket=made-up").exchange().expectStatus().isUnauthorized();
		server.client().get().uri("/api/v1/tasks/events").exchange().expectStatus().isUnauthorized();
	}

	/**
	 * Two tickets, or a misspelt parameter, are refused by name rather than half read.
	 */
	@Test
	void aRepeatedOrUnknownParameterIs400NamingIt() {
		TestUser user = TestUsers.create(database);
		String ticket = issueTicket(user);

		server.client()
			.get()
			.uri("/api/v1/tasks/events?ticket={a}&ticket={b}", ticket, "another")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("ticket");
		server.client()
			.get()
			.uri("/api/v1/tasks/events?lastEventID=5")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("lastEventID");
		server.client()
			.post()
			.uri("/api/v1/tasks/events/tickets?user=1")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("user");
	}

	@Test
	void aTicketOfADeactivatedUserIsRefused() {
		TestUser user = TestUsers.create(database);
		String ticket = issueTicket(user);
		database.execute("UPDATE users SET is_active = false WHERE id = " + user.id());

		assertRefused(ticket);
	}

	@Test
	void aTicketIssuedBeforeTheUsersTokensWereRevokedIsRefused() {
		TestUser user = TestUsers.create(database);
		String ticket = issueTicket(user);
		database.execute("UPDATE users SET token_version = token_version + 1 WHERE id = " + user.id());

		assertRefused(ticket);
	}

	@Test
	void ticketsNeedABearerToken() {
		server.client().post().uri("/api/v1/tasks/events/tickets").exchange().expectStatus().isUnauthorized();
	}

	private void assertRefused(String ticket) {
		server.client()
			.get()
			.uri("/api/v1/tasks/events?ticket={ticket}", ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private String issueTicket(TestUser user) {
		Map<String, Object> body = server.client()
			.post()
			.uri("/api/v1/tasks/events/tickets")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(body).containsKeys("ticket", "expiresAt");
		return (String) body.get("ticket");
	}

}
