package dev.taskflow.web;

import dev.taskflow.support.ChildServer;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one setting the server logs JSON, and every response's {@code X-Request-Id} is the
 * id its log lines carry: the caller's own when it is sane, a new one otherwise.
 */
class RequestIdLogIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void jsonLogLinesCarryTheResponsesRequestId() throws Exception {
		TestDatabase database = TestDatabase.main();
		try (ChildServer server = ChildServer.start(database,
				Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs", "ACCESS_LOG", "true"), List.of())) {
			HttpClient client = HttpClient.newHttpClient();

			HttpResponse<String> own = get(client, server, "client-trace-42");
			HttpResponse<String> generated = get(client, server, null);
			HttpResponse<String> insane = get(client, server, "x".repeat(RequestId.MAX_LENGTH + 1));

			assertThat(own.statusCode()).isEqualTo(401);
			assertThat(own.headers().firstValue(RequestId.HEADER)).hasValue("client-trace-42");
			String generatedId = generated.headers().firstValue(RequestId.HEADER).orElseThrow();
			String replacedId = insane.headers().firstValue(RequestId.HEADER).orElseThrow();
			assertThat(generatedId).matches("[0-9a-z]+-[0-9a-z]+").isNotEqualTo(replacedId);
			assertThat(replacedId).matches("[0-9a-z]+-[0-9a-z]+");

			for (String id : List.of("client-trace-42", generatedId, replacedId)) {
				JsonNode line = awaitLogLine(server, id);
				assertThat(line.at("/log/logger").asString()).isEqualTo("reactor.netty.http.server.AccessLog");
				assertThat(line.path("message").asString()).contains("GET /api/v1/tasks 401");
			}
			String output = server.output();
			assertThat(output).doesNotContain(TestServer.AUTH_SECRET)
				.doesNotContain("x".repeat(RequestId.MAX_LENGTH + 1))
				.doesNotContainIgnoringCase("select ");
		}
	}

	private static HttpResponse<String> get(HttpClient client, ChildServer server, String requestId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks?q=secret"))
			.timeout(Duration.ofSeconds(10));
		if (requestId != null) {
			request.header(RequestId.HEADER, requestId);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The JSON log line that names {@code id}; the access log is written as the exchange
	 * ends.
	 */
	private static JsonNode awaitLogLine(ChildServer server, String id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (String text : server.output().split("\n")) {
				if (text.contains("request_id=" + id)) {
					return JSON.readTree(text);
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no log line carries " + id + ":\n" + server.output());
	}

}
