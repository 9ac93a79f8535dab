package dev.taskflow.web;

import dev.taskflow.feed.TaskEvent;
import dev.taskflow.support.DeclaredRoutes;
import dev.taskflow.support.TestServer;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v3/api-docs} against the running server: every route a
 * router declares is in it, and what a client generated from it relies on (body fields,
 * media types, security, error shapes) is what the server really does.
 */
class OpenApiIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private static TestServer server;

	private static WebTestClient http;

	private static JsonNode document;

	@BeforeAll
	static void fetchTheDocument() throws UnknownHostException {
		server = TestServer.shared();
		// Its sign-in is charged to an address of its own, not to other tests' 127.0.0.1.
		InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.79.0.1"), 0);
		http = WebTestClient
			.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection().bindAddress(() -> local)))
			.baseUrl(server.baseUrl())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		document = read(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk());
	}

	@Test
	void everyDeclaredRouteIsDocumented() {
		Set<String> declared = DeclaredRoutes.of(server.context())
			.stream()
			.map(route -> route.replaceAll("\\{(\\w+):[^}]+}", "{$1}"))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> documented = new TreeSet<>();
		document.get("paths")
			.properties()
			.forEach(path -> path.getValue()
				.propertyNames()
				.stream()
				.filter(METHODS::contains)
				.forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

		// Guards against an empty declared set, which would make the next line pass
		// vacuously.
		assertThat(declared).contains("POST /api/v1/auth/login", "GET /api/v1/tasks/events", "GET /health/pool",
				"PATCH /api/v1/admin/users/{id}", "GET /api/v1/tasks");
		assertThat(documented).containsAll(declared);
	}

	/**
	 * A path with a variable declares it on every operation, as OpenAPI requires; an id
	 * is an integer.
	 */
	@Test
	void everyPathVariableIsADeclaredParameter() {
		SoftAssertions softly = new SoftAssertions();
		document.get("paths").properties().forEach(path -> {
			Matcher variables = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
			while (variables.find()) {
				String name = variables.group(1);
				path.getValue()
					.properties()
					.stream()
					.filter(operation -> METHODS.contains(operation.getKey()))
					.forEach(operation -> {
						List<JsonNode> declared = new ArrayList<>();
						operation.getValue().path("parameters").forEach(parameter -> {
							if (parameter.path("in").asString().equals("path")
									&& parameter.path("name").asString().equals(name)) {
								declared.add(parameter);
							}
						});
						softly.assertThat(declared)
							.as("%s %s declares {%s}", operation.getKey(), path.getKey(), name)
							.singleElement()
							.satisfies(parameter -> {
								assertThat(parameter.path("required").asBoolean()).isTrue();
								assertThat(parameter.path("schema").path("type").asString()).isEqualTo("integer");
							});
					});
			}
		});
		softly.assertAll();
		assertThat(document.get("paths").has("/api/v1/admin/users/{id}")).isTrue();
	}

	/**
	 * Each documented body has exactly the fields of the record its handler binds, and
	 * says which are required.
	 */
	@Test
	void requestBodiesNameTheirFieldsAndWhichAreRequired() throws ClassNotFoundException {
		SoftAssertions softly = new SoftAssertions();
		expectBody(softly, "post", "/api/v1/auth/register", "RegisterRequest",
				Set.of("email", "username", "password", "fullName"));
		expectBody(softly, "post", "/api/v1/auth/login", "LoginRequest", Set.of("login", "password"));
		expectBody(softly, "patch", "/api/v1/users/me", "ProfileUpdateRequest", Set.of());
		expectBody(softly, "patch", "/api/v1/admin/users/{id}", "AdminUserUpdateRequest", Set.of());
		softly.assertAll();
	}

	@Test
	void responseBodiesNameTheFieldsTheServerSends() {
		String username = "oa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JsonNode user = read(http.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", username + "@example.test", "username", username, "password", "Docs-Pass-1!",
					"fullName", "Ada Lovelace"))
			.exchange()
			.expectStatus()
			.isCreated());
		JsonNode token = read(http.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", username, "password", "Docs-Pass-1!"))
			.exchange()
			.expectStatus()
			.isOk());
		String bearer = "Bearer " + token.get("accessToken").stringValue();
		JsonNode me = read(http.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk());
		JsonNode ticket = read(http.post()
			.uri("/api/v1/tasks/events/tickets")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isCreated());
		JsonNode pool = read(http.get().uri("/health/pool").exchange().expectStatus().isOk());

		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(documentedFields("post", "/api/v1/auth/register", "201")).isEqualTo(fields(user));
		softly.assertThat(documentedFields("post", "/api/v1/auth/login", "200")).isEqualTo(fields(token));
		softly.assertThat(documentedFields("get", "/api/v1/users/me", "200")).isEqualTo(fields(me));
		softly.assertThat(documentedFields("post", "/api/v1/tasks/events/tickets", "201")).isEqualTo(fields(ticket));
		softly.assertThat(documentedFields("get", "/health/pool", "200")).isEqualTo(fields(pool));
		softly.assertAll();
	}

	@Test
	void theFeedIsAnEventStreamTakingLastEventIdAndATicket() {
		JsonNode stream = operation("get", "/api/v1/tasks/events");

		assertThat(stream.at("/responses/200/content").propertyNames())
			.containsExactly(MediaType.TEXT_EVENT_STREAM_VALUE);
		Set<String> parameters = new TreeSet<>();
		stream.get("parameters")
			.forEach(p -> parameters.add(p.get("in").stringValue() + " " + p.get("name").stringValue()));
		assertThat(parameters).contains("header Last-Event-ID", "query ticket", "query lastEventId");
		assertThat(requirements(stream)).contains(OpenApiDefinition.BEARER);
	}

	@Test
	void bearerTokensAreRequiredExactlyWhereTheSecurityChainRequiresThem() {
		SoftAssertions softly = new SoftAssertions();
		for (String method : Set.of("get", "patch", "delete")) {
			softly.assertThat(requirements(operation(method, "/api/v1/users/me")))
				.as(method + " /api/v1/users/me")
				.containsExactly(OpenApiDefinition.BEARER);
		}
		softly.assertThat(requirements(operation("get", "/api/v1/admin/users")))
			.containsExactly(OpenApiDefinition.BEARER);
		softly.assertThat(operation("get", "/api/v1/admin/users").at("/responses/403").isMissingNode()).isFalse();
		softly.assertThat(requirements(operation("post", "/api/v1/tasks/events/tickets")))
			.containsExactly(OpenApiDefinition.BEARER);
		softly.assertThat(requirements(operation("post", "/api/v1/auth/login"))).isEmpty();
		softly.assertThat(requirements(operation("post", "/api/v1/auth/register"))).isEmpty();
		softly.assertThat(requirements(operation("get", "/health"))).isEmpty();
		softly.assertAll();
	}

	@Test
	void apiErrorsAreProblemDocumentsAndA503SaysWhenToRetry() {
		JsonNode login = operation("post", "/api/v1/auth/login");
		assertThat(login.get("responses").propertyNames()).contains("400", "401", "415", "422", "429", "503");
		assertThat(login.at("/responses/429/headers").propertyNames()).contains(HttpHeaders.RETRY_AFTER);
		assertThat(operation("post", "/api/v1/auth/register").get("responses").propertyNames()).contains("409", "422");

		SoftAssertions softly = new SoftAssertions();
		document.get("paths")
			.properties()
			.stream()
			.filter(path -> path.getKey().startsWith("/api/"))
			.forEach(path -> path.getValue()
				.properties()
				.stream()
				.filter(op -> METHODS.contains(op.getKey()))
				.forEach(op -> op.getValue().get("responses").properties().forEach(response -> {
					String where = op.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey();
					if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
						softly.assertThat(response.getValue().get("content").propertyNames())
							.as(where)
							.containsExactly(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
					}
					if (response.getKey().equals("503")) {
						softly.assertThat(response.getValue().get("headers").propertyNames())
							.as(where)
							.contains(HttpHeaders.RETRY_AFTER);
					}
				})));
		softly.assertAll();
	}

	/**
	 * A client decoding errors by the Problem schema reads every member the server
	 * writes: a 422's field errors, a 400's parameter and header.
	 */
	@Test
	void problemBodiesHaveExactlyTheDocumentedMembers() {
		JsonNode fieldErrors = read(http.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", "not-an-email", "username", "x", "password", "short", "fullName", " "))
			.exchange()
			.expectStatus()
			.isEqualTo(422));
		JsonNode badParameter = read(
				http.get().uri("/api/v1/tasks/events?lastEventid=1").exchange().expectStatus().isBadRequest());
		JsonNode repeatedHeader = read(http.get()
			.uri("/api/v1/tasks/events")
			.header("Last-Event-ID", "1", "2")
			.exchange()
			.expectStatus()
			.isBadRequest());
		JsonNode problem = schema(document.at("/components/schemas/Problem"));
		Set<String> members = new TreeSet<>(problem.get("properties").propertyNames());
		Set<String> required = new TreeSet<>();
		problem.get("required").forEach(name -> required.add(name.stringValue()));

		SoftAssertions softly = new SoftAssertions();
		for (JsonNode body : List.of(fieldErrors, badParameter, repeatedHeader)) {
			softly.assertThat(members).as("documented members of %s", body).containsAll(fields(body));
			softly.assertThat(fields(body)).as("members of %s", body).containsAll(required);
		}
		softly.assertThat(fields(badParameter)).contains("parameter");
		softly.assertThat(fields(repeatedHeader)).contains("header");
		softly.assertThat(fieldErrors.get("errors").size()).isGreaterThan(1);
		JsonNode fieldError = schema(problem.at("/properties/errors/items"));
		fieldErrors.get("errors")
			.forEach(error -> softly.assertThat(fields(error))
				.isEqualTo(new TreeSet<>(fieldError.get("properties").propertyNames())));
		softly.assertAll();
	}

	/**
	 * Every API operation says how it fails: a 400 (any route refuses malformed
	 * requests), a 503 where it reads the database, a 401 where it takes a token.
	 */
	@Test
	void everyApiOperationListsItsErrors() {
		SoftAssertions softly = new SoftAssertions();
		document.get("paths")
			.properties()
			.stream()
			.filter(path -> path.getKey().startsWith("/api/"))
			.forEach(path -> path.getValue()
				.properties()
				.stream()
				.filter(op -> METHODS.contains(op.getKey()))
				.forEach(op -> {
					Set<String> statuses = new TreeSet<>(op.getValue().get("responses").propertyNames());
					String where = op.getKey().toUpperCase() + " " + path.getKey();
					softly.assertThat(statuses).as(where).contains("400", "401", "503");
					if (op.getValue().has("requestBody")) {
						softly.assertThat(statuses).as(where).contains("408", "413", "415", "422");
					}
				}));
		softly.assertAll();
		assertThat(operation("patch", "/api/v1/tasks/{id}").get("responses").propertyNames()).contains("404", "412");
		assertThat(operation("post", "/api/v1/tasks").get("responses").propertyNames()).contains("409");
	}

	/**
	 * The feed's schema names every event the server sends, each with the schema of its
	 * data.
	 */
	@Test
	void theFeedDocumentsEachEventAndItsData() {
		JsonNode events = schema(
				operation("get", "/api/v1/tasks/events").at("/responses/200/content/text~1event-stream/schema"));
		assertThat(events.at("/discriminator/propertyName").stringValue()).isEqualTo("event");
		JsonNode mapping = events.at("/discriminator/mapping");
		assertThat(new TreeSet<>(mapping.propertyNames())).containsExactlyInAnyOrder(TaskEvent.CREATED,
				TaskEvent.UPDATED, TaskEvent.DELETED, "reset");
		assertThat(events.get("oneOf")).hasSize(mapping.size());
		SoftAssertions softly = new SoftAssertions();
		mapping.properties().forEach(name -> {
			JsonNode event = document.at(name.getValue().stringValue().substring(1));
			softly.assertThat(new TreeSet<>(event.get("properties").propertyNames()))
				.as(name.getKey())
				.containsExactly("data", "event", "id");
			softly.assertThat(event.at("/properties/event/enum/0").stringValue())
				.as(name.getKey())
				.isEqualTo(name.getKey());
			softly.assertThat(event.at("/properties/data").isObject()).as(name.getKey()).isTrue();
		});
		softly.assertAll();
		assertThat(document.at(mapping.get(TaskEvent.UPDATED).stringValue().substring(1) + "/properties/data/$ref")
			.stringValue()).isEqualTo("#/components/schemas/Task");
	}

	private static void expectBody(SoftAssertions softly, String method, String path, String record,
			Set<String> required) throws ClassNotFoundException {
		Set<String> fields = Arrays.stream(Class.forName("dev.taskflow.account." + record).getRecordComponents())
			.map(RecordComponent::getName)
			.collect(Collectors.toCollection(TreeSet::new));
		JsonNode schema = schema(operation(method, path).at("/requestBody/content/application~1json/schema"));
		softly.assertThat(new TreeSet<>(schema.get("properties").propertyNames()))
			.as(method + " " + path + " fields")
			.isEqualTo(fields);
		Set<String> documentedRequired = new TreeSet<>();
		schema.path("required").forEach(name -> documentedRequired.add(name.stringValue()));
		softly.assertThat(documentedRequired).as(method + " " + path + " required").isEqualTo(new TreeSet<>(required));
	}

	private static Set<String> documentedFields(String method, String path, String status) {
		JsonNode schema = schema(
				operation(method, path).at("/responses/" + status + "/content/application~1json/schema"));
		return new TreeSet<>(schema.get("properties").propertyNames());
	}

	private static Set<String> fields(JsonNode body) {
		return new TreeSet<>(body.propertyNames());
	}

	private static JsonNode operation(String method, String path) {
		JsonNode operation = document.path("paths").path(path).path(method);
		assertThat(operation.isObject()).as("%s %s is documented", method, path).isTrue();
		return operation;
	}

	/** The schema itself, where the document refers to one of its components. */
	private static JsonNode schema(JsonNode schema) {
		assertThat(schema.isObject()).as("a schema").isTrue();
		return schema.has("$ref") ? document.at(schema.get("$ref").stringValue().substring(1)) : schema;
	}

	/** The security schemes an operation names, in any of its alternatives. */
	private static Set<String> requirements(JsonNode operation) {
		Set<String> names = new TreeSet<>();
		operation.path("security").forEach(requirement -> names.addAll(requirement.propertyNames()));
		return names;
	}

	private static JsonNode read(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectBody().returnResult().getResponseBody());
	}

}
