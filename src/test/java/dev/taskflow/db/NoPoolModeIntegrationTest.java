package dev.taskflow.db;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** DB_POOL_SIZE=0 with DB_MAX_OVERFLOW=0: a connection per unit of work, closed after (the serverless pattern). */
class NoPoolModeIntegrationTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("DB_POOL_SIZE", "0", "DB_MAX_OVERFLOW", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDatabaseIsReachedWithoutAPool() {
        for (int i = 0; i < 3; i++) {
            server.client().get().uri("/health/db").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.database").isEqualTo("connected");
        }
        server.client().get().uri("/health/pool").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pooled").isEqualTo(false)
                .jsonPath("$.maxSize").isEqualTo(0);
    }
}
