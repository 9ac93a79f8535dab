package dev.taskflow.task;

import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers.TestUser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The task API as one user sees it, for tests: raw requests plus the few happy paths most
 * tests need.
 */
final class TaskClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebTestClient http;

	private final String baseUrl;

	private final TestUser user;

	TaskClient(TestServer server, TestUser user) {
		this.http = server.client();
		this.baseUrl = server.baseUrl();
		this.user = user;
	}

	/**
	 * The list URL with {@code query} sent exactly as written (already percent-encoded
	 * where needed).
	 */
	URI listUri(String query) {
		return URI.create(baseUrl + "/api/v1/tasks" + (query.isEmpty() ? "" : "?" + query));
	}

	TestUser user() {
		return user;
	}

	WebTestClient http() {
		return http;
	}

	WebTestClient.RequestBodySpec post(String uri) {
		return http.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.APPLICATION_JSON);
	}

	WebTestClient.RequestBodySpec patch(long id) {
		return http.patch()
			.uri("/api/v1/tasks/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.parseMediaType("application/merge-patch+json"));
	}

	WebTestClient.RequestHeadersSpec<?> delete(long id) {
		return http.delete().uri("/api/v1/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, user.bearer());
	}

	WebTestClient.ResponseSpec getTask(long id) {
		return http.get().uri("/api/v1/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange();
	}

	/** GET with a query string, as given. */
	WebTestClient.ResponseSpec list(String query) {
		return http.get().uri(listUri(query)).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange();
	}

	JsonNode listJson(String query) {
		return body(list(query).expectStatus().isOk());
	}

	JsonNode create(String json) {
		return body(post("/api/v1/tasks").bodyValue(json).exchange().expectStatus().isCreated());
	}

	JsonNode createTitled(String title) {
		return create("{\"title\":\"" + title + "\"}");
	}

	List<JsonNode> createBatch(String json) {
		JsonNode body = body(post("/api/v1/tasks/batch").bodyValue(json).exchange().expectStatus().isCreated());
		List<JsonNode> items = new ArrayList<>();
		body.get("items").forEach(items::add);
		return items;
	}

	JsonNode stats() {
		return body(http.get()
			.uri("/api/v1/tasks/stats")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk());
	}

	static JsonNode body(WebTestClient.ResponseSpec response) {
		EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
		return JSON.readTree(result.getResponseBody());
	}

	static List<Long> ids(JsonNode items) {
		List<Long> ids = new ArrayList<>();
		items.forEach(item -> ids.add(item.get("id").longValue()));
		return ids;
	}

}
