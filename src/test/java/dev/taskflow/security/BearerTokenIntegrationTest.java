package dev.taskflow.security;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.time.Duration;

/** What a bearer token opens, and every way a token is refused. */
class BearerTokenIntegrationTest {

    private final TestServer server = TestServer.shared();
    private final TestDatabase database = TestDatabase.main();

    @Test
    void aTokenMintedElsewhereWithTheSameSecretIsAccepted() {
        TestUsers.TestUser user = TestUsers.create(database);

        server.client().get().uri("/api/v1/no-such-route")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        server.client().get().uri("/api/v1/no-such-route").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void anExpiredTokenIs401() {
        TestUsers.TestUser user = TestUsers.create(database);

        server.client().get().uri("/api/v1/no-such-route")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestUsers.token(user.id(), Duration.ofMinutes(-5)))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        TestUsers.TestUser user = TestUsers.create(database);
        String forged = TestUsers.sign("another-secret-of-sufficient-length-0123456789", user.id(), Duration.ofHours(1));

        server.client().get().uri("/api/v1/no-such-route")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aDeactivatedUsersTokenIs401() {
        TestUsers.TestUser user = TestUsers.create(database);
        database.execute("UPDATE users SET is_active = false WHERE id = " + user.id());

        server.client().get().uri("/api/v1/no-such-route")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus().isUnauthorized();
    }
}
