package dev.taskflow.health;

import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server outlives its database: health checks report the outage promptly and recover
 * on their own when the pooler or PostgreSQL comes back, without a restart. Runs on a
 * private cluster and PgBouncer.
 */
class DatabaseOutageIntegrationTest {

	private static TestServer server;

	@BeforeAll
	static void startServerOnPrivateServices() {
		LocalServices.start();
		Map<String, String> settings = new HashMap<>();
		settings.put("DATABASE_URL", LocalServices.pooledUrl());
		settings.put("MIGRATION_DATABASE_URL", LocalServices.directUrl());
		settings.put("DB_POOL_TIMEOUT", "5");
		server = TestServer.start(settings);
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(server);
	}

	@Test
	void pgBouncerStoppedThenBack() {
		assertDatabaseHealth(HttpStatus.OK);

		LocalServices.stopPgBouncer();
		assertDatabaseHealth(HttpStatus.SERVICE_UNAVAILABLE);
		assertReadiness(HttpStatus.SERVICE_UNAVAILABLE);
		client().get().uri("/health").exchange().expectStatus().isOk();

		LocalServices.startPgBouncer();
		awaitDatabaseHealthy();
		assertReadiness(HttpStatus.OK);
	}

	@Test
	void postgresStoppedThenBack() {
		assertDatabaseHealth(HttpStatus.OK);

		LocalServices.stopPostgres();
		assertDatabaseHealth(HttpStatus.SERVICE_UNAVAILABLE);
		assertReadiness(HttpStatus.SERVICE_UNAVAILABLE);
		client().get().uri("/health").exchange().expectStatus().isOk();

		LocalServices.startPostgres();
		awaitDatabaseHealthy();
		assertReadiness(HttpStatus.OK);
	}

	private static WebTestClient client() {
		return server.client().mutate().responseTimeout(Duration.ofSeconds(10)).build();
	}

	private static void assertDatabaseHealth(HttpStatus expected) {
		var result = client().get()
			.uri("/health/db")
			.exchange()
			.expectStatus()
			.isEqualTo(expected)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		if (expected == HttpStatus.SERVICE_UNAVAILABLE) {
			assertThat(result).contains("\"status\":\"unhealthy\"")
				.contains("\"database\":\"disconnected\"")
				.contains("\"error\":")
				.doesNotContain("taskflow:taskflow")
				.doesNotContain("password");
		}
		else {
			assertThat(result).contains("\"database\":\"connected\"");
		}
	}

	private static void assertReadiness(HttpStatus expected) {
		client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(expected);
	}

	/** Recovery needs a fresh connection to be made; poll, bounded to 30 s. */
	private static void awaitDatabaseHealthy() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int status = 0;
		while (System.nanoTime() < deadline) {
			status = client().get().uri("/health/db").exchange().returnResult(String.class).getStatus().value();
			if (status == 200) {
				return;
			}
			sleep(250);
		}
		assertThat(status).as("/health/db after the database came back").isEqualTo(200);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
