package dev.taskflow.health;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, readiness and metrics of a server whose database is up. */
class HealthIntegrationTest {

	private final TestServer server = TestServer.shared();

	@Test
	void healthAnswersWithoutTheDatabase() {
		server.client()
			.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"status\":\"healthy\"}", true);
	}

	@Test
	void databaseHealthReportsConnectedWithLatency() {
		server.client()
			.get()
			.uri("/health/db")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("healthy")
			.jsonPath("$.database")
			.isEqualTo("connected")
			.jsonPath("$.latencyMs")
			.value(Integer.class, latency -> assertThat(latency).isGreaterThanOrEqualTo(0));
	}

	@Test
	void poolHealthReportsTheConfiguredMaximum() {
		server.client()
			.get()
			.uri("/health/pool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.maxSize")
			.isEqualTo(10)
			.jsonPath("$.size")
			.value(Integer.class, size -> assertThat(size).isGreaterThanOrEqualTo(0))
			.jsonPath("$.acquired")
			.isNumber()
			.jsonPath("$.idle")
			.isNumber()
			.jsonPath("$.pending")
			.isNumber();
	}

	@Test
	void livenessAndReadinessAreUp() {
		server.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		server.client()
			.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void prometheusExposesPoolGaugesAndRequestTimers() {
		server.client().get().uri("/health/db").exchange().expectStatus().isOk();
		server.client()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(text -> assertThat(text).contains("r2dbc_pool_max_allocated_connections")
				.contains("http_server_requests_seconds_count"));
	}

	@Test
	void withManagementPortProbesAndMetricsLeaveTheApiPort() {
		try (TestServer separate = TestServer.start(Map.of("MANAGEMENT_PORT", "0"))) {
			int managementPort = Integer
				.parseInt(separate.context().getEnvironment().getRequiredProperty("local.management.port"));
			assertThat(managementPort).isNotEqualTo(separate.port());
			separate.client()
				.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			separate.client().get().uri("/health").exchange().expectStatus().isOk();

			WebTestClient management = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + managementPort)
				.build();
			management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			management.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(text -> assertThat(text).contains("r2dbc_pool_max_allocated_connections"));
		}
	}

	@Test
	void anUnknownPathIsAProblemDocument() {
		server.client()
			.get()
			.uri("/no/such/thing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
	}

}
