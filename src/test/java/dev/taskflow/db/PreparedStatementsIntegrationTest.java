package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.Map;

/**
 * DB_PREPARED_STATEMENTS=true, for endpoints that keep named statements (PostgreSQL itself, or a pooler that
 * tracks them): the same requests, repeated so the driver reuses its cached statements. Every other test runs with
 * the default, unnamed statements through PgBouncer in transaction mode.
 */
class PreparedStatementsIntegrationTest {

    @Test
    void namedStatementsAreReusedOnADirectConnection() {
        TestDatabase database = TestDatabase.main();
        TestUser user = TestUsers.create(database);
        try (TestServer server = TestServer.start(Map.of("DATABASE_URL", database.directUrl(), "DB_PREPARED_STATEMENTS", "true"))) {
            for (int i = 0; i < 5; i++) {
                server.client().post().uri("/api/v1/tasks").header(HttpHeaders.AUTHORIZATION, user.bearer())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "prepared " + i))
                        .exchange().expectStatus().isCreated();
                server.client().get().uri("/api/v1/tasks?limit=5").header(HttpHeaders.AUTHORIZATION, user.bearer())
                        .exchange().expectStatus().isOk();
            }
            server.client().get().uri("/api/v1/tasks/stats").header(HttpHeaders.AUTHORIZATION, user.bearer())
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(5);
        }
    }
}
