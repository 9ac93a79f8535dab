package dev.taskflow.security;

import dev.taskflow.support.DeclaredRoutes;
import dev.taskflow.support.ForgedTokens;
import dev.taskflow.support.RawHttp;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Who may do what, route by route: every route is called by each kind of caller and must
 * answer with exactly the status in {@link #MATRIX}. "user" owns the resource in the path
 * (the task, the account being administered); "other user" holds a valid token but does
 * not own it; "admin" is an administrator who does not own it either. "expired" and
 * "tampered" are the user's own token, expired or with its signature changed. Every cell
 * runs with new users, so a cell that deletes or renames something affects no other cell.
 */
class AuthorizationMatrixIntegrationTest {

	/**
	 * "-": the route names no resource of anyone's, so there is no other user to ask
	 * about.
	 */
	static final String MATRIX = """
			route                               | no token | expired | tampered | other user | user | admin
			GET    /api/v1/tasks                |   401    |   401   |   401    |     -      | 200  |  200
			POST   /api/v1/tasks                |   401    |   401   |   401    |     -      | 201  |  201
			PATCH  /api/v1/tasks                |   401    |   401   |   401    |     -      | 200  |  200
			DELETE /api/v1/tasks                |   401    |   401   |   401    |     -      | 200  |  200
			POST   /api/v1/tasks/batch          |   401    |   401   |   401    |     -      | 201  |  201
			GET    /api/v1/tasks/stats          |   401    |   401   |   401    |     -      | 200  |  200
			GET    /api/v1/tasks/{id}           |   401    |   401   |   401    |    404     | 200  |  404
			PATCH  /api/v1/tasks/{id}           |   401    |   401   |   401    |    404     | 200  |  404
			DELETE /api/v1/tasks/{id}           |   401    |   401   |   401    |    404     | 204  |  404
			GET    /api/v1/tags                 |   401    |   401   |   401    |     -      | 200  |  200
			GET    /api/v1/tasks/events         |   401    |   401   |   401    |     -      | 200  |  200
			POST   /api/v1/tasks/events/tickets |   401    |   401   |   401    |     -      | 201  |  201
			POST   /api/v1/auth/register        |   201    |   401   |   401    |     -      | 201  |  201
			POST   /api/v1/auth/login           |   200    |   401   |   401    |     -      | 200  |  200
			GET    /api/v1/users/me             |   401    |   401   |   401    |     -      | 200  |  200
			PATCH  /api/v1/users/me             |   401    |   401   |   401    |     -      | 200  |  200
			DELETE /api/v1/users/me             |   401    |   401   |   401    |     -      | 204  |  204
			GET    /api/v1/admin/users          |   401    |   401   |   401    |     -      | 403  |  200
			PATCH  /api/v1/admin/users/{id}     |   401    |   401   |   401    |     -      | 403  |  200
			GET    /health                      |   200    |   401   |   401    |     -      | 200  |  200
			GET    /health/db                   |   200    |   401   |   401    |     -      | 200  |  200
			GET    /health/pool                 |   200    |   401   |   401    |     -      | 200  |  200
			GET    /actuator/health             |   200    |   401   |   401    |     -      | 200  |  200
			GET    /actuator/health/liveness    |   200    |   401   |   401    |     -      | 200  |  200
			GET    /actuator/health/readiness   |   200    |   401   |   401    |     -      | 200  |  200
			GET    /actuator/prometheus         |   200    |   401   |   401    |     -      | 200  |  200
			GET    /v3/api-docs                 |   200    |   401   |   401    |     -      | 200  |  200
			GET    /docs                        |   302    |   401   |   401    |     -      | 302  |  302
			GET    /                            |   200    |   401   |   401    |     -      | 200  |  200
			""";

	enum Caller {

		NO_TOKEN, EXPIRED, TAMPERED, OTHER_USER, USER, ADMIN

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "Matrix-Pass-1!";

	private static TestServer server;

	private static TestDatabase database;

	private static RawHttp http;

	private static TestUser user;

	private static TestUser admin;

	@BeforeAll
	static void start() throws IOException {
		server = TestServer.shared();
		database = TestDatabase.main();
		// Sign-ins of this class are charged to an address of its own, not to other
		// tests' 127.0.0.1.
		http = new RawHttp(server.port(), InetAddress.getByName("127.78.0.1"), Duration.ofSeconds(30));
		user = TestUsers.create(database);
		admin = TestUsers.create(database, "admin");
	}

	static Stream<Arguments> rows() {
		return MATRIX.lines().skip(1).filter(line -> !line.isBlank()).map(line -> {
			String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
			Map<Caller, Integer> expected = new LinkedHashMap<>();
			for (Caller caller : Caller.values()) {
				String cell = cells[caller.ordinal() + 1];
				expected.put(caller, cell.equals("-") ? null : Integer.valueOf(cell));
			}
			return arguments(cells[0].replaceAll("\\s+", " "), expected);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void eachCallerGetsExactlyTheStatusOfTheMatrix(String route, Map<Caller, Integer> expected) throws IOException {
		SoftAssertions softly = new SoftAssertions();
		for (Map.Entry<Caller, Integer> cell : expected.entrySet()) {
			if (cell.getValue() == null) {
				continue;
			}
			RawHttp.Response response = call(route, cell.getKey());
			String seen = route + " as " + cell.getKey() + " (" + abbreviate(response.bodyText()) + ")";
			softly.assertThat(response.status()).as(seen).isEqualTo(cell.getValue());
			if (response.status() >= 400) {
				softly.assertThat(response.header(HttpHeaders.CONTENT_TYPE))
					.as(seen)
					.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				softly.assertThat(JSON.readTree(response.body()).path("status").asInt())
					.as(seen)
					.isEqualTo(response.status());
			}
			if (response.status() == 401) {
				softly.assertThat(response.header(HttpHeaders.WWW_AUTHENTICATE)).as(seen).startsWith("Bearer");
			}
		}
		softly.assertAll();
	}

	/** A route added to a router without a row here fails this test. */
	@Test
	void theMatrixHasARowForEveryRoute() {
		Set<String> rows = rows().map(row -> (String) row.get()[0]).collect(Collectors.toCollection(TreeSet::new));
		Set<String> declared = DeclaredRoutes.of(server.context())
			.stream()
			.map(route -> route.replaceAll("\\{(\\w+):[^}]+}", "{$1}"))
			.collect(Collectors.toCollection(TreeSet::new));

		assertThat(rows).containsAll(declared);
	}

	/**
	 * Forgeries beyond those of {@link BearerTokenIntegrationTest} (alg none, HS512 under
	 * a longer key, another secret, no expiry, deleted and deactivated users): each is
	 * refused like any bad token.
	 */
	static Stream<Arguments> forgedTokens() {
		String sub = Long.toString(user.id());
		byte[] secret = TestServer.AUTH_SECRET.getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String[] genuine = user.token().split("\\.");
		return Stream.of(
				arguments("RS256 header over an HMAC made with the secret (algorithm confusion)",
						ForgedTokens.confusedAlgorithm("RS256", sub)),
				arguments("HS512 header over an HS256 signature made with the secret",
						ForgedTokens.confusedAlgorithm("HS512", sub)),
				arguments("ES256 header over an HMAC made with the secret",
						ForgedTokens.confusedAlgorithm("ES256", sub)),
				arguments("alg NONE in capitals, no signature",
						ForgedTokens.unsigned(ForgedTokens.header("NONE"), ForgedTokens.claims(sub))),
				arguments("alg none with a valid HMAC kept",
						ForgedTokens.hs256(ForgedTokens.header("none"), ForgedTokens.claims(sub), secret)),
				arguments("no alg in the header",
						ForgedTokens.hs256("{\"typ\":\"JWT\"}", ForgedTokens.claims(sub), secret)),
				arguments("HS256 header, signature stripped",
						ForgedTokens.unsigned(ForgedTokens.header("HS256"), ForgedTokens.claims(sub))),
				arguments("the user's signature over an admin's claims",
						genuine[0] + "." + ForgedTokens.encode(ForgedTokens.claims(Long.toString(admin.id()))) + "."
								+ genuine[2]),
				arguments("kid pointing at /dev/null, signed with a zero byte",
						ForgedTokens.hs256("{\"alg\":\"HS256\",\"kid\":\"../../../../../dev/null\"}",
								ForgedTokens.claims(sub), new byte[] { 0 })),
				arguments("jku pointing at the attacker's key set",
						ForgedTokens.hs256("{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:9/jwks.json\"}",
								ForgedTokens.claims(sub),
								"the-attackers-own-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8))),
				arguments("embedded jwk of the attacker's own key",
						ForgedTokens.hs256("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"YXR0YWNrZXI\"}}",
								ForgedTokens.claims(sub), "attacker".getBytes(StandardCharsets.UTF_8))),
				arguments("a critical header the server does not know",
						ForgedTokens.hs256("{\"alg\":\"HS256\",\"crit\":[\"x-campaign\"],\"x-campaign\":true}",
								ForgedTokens.claims(sub), secret)),
				arguments("sub that is not a number", ForgedTokens.withSubject(sub + " OR 1=1")),
				arguments("sub negative", ForgedTokens.withSubject("-" + sub)),
				arguments("sub of 19 digits", ForgedTokens.withSubject("9223372036854775807")),
				arguments("sub empty", ForgedTokens.withSubject("")),
				arguments("sub with a space", ForgedTokens.withSubject(" " + sub)),
				arguments("not valid before an hour from now", ForgedTokens.hs256(ForgedTokens.header("HS256"),
						"{\"sub\":\"" + sub + "\",\"nbf\":" + (now + 3600) + ",\"exp\":" + (now + 7200) + "}", secret)),
				arguments("exp as text",
						ForgedTokens.hs256(ForgedTokens.header("HS256"),
								"{\"sub\":\"" + sub + "\",\"exp\":\"tomorrow\"}", secret)),
				arguments("five parts, shaped like an encrypted token", "a.b.c.d.e"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void aForgedTokenIsRefused(String forgery, String token) throws IOException {
		RawHttp.Response response = http.exchange(request("GET", "/api/v1/users/me", "Bearer " + token, null, null));

		assertThat(response.status()).as(forgery + ": " + abbreviate(response.bodyText())).isEqualTo(401);
		assertThat(response.header(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(response.header(HttpHeaders.CONTENT_TYPE)).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.bodyText()).doesNotContain(user.username());
	}

	/**
	 * Tokens travel in the Authorization header only: one in a URL would end up in logs
	 * and browser history.
	 */
	@Test
	void aValidTokenInTheQueryStringIsNotAccepted() throws IOException {
		RawHttp.Response response = http
			.exchange(request("GET", "/api/v1/users/me?access_token=" + user.token(), null, null, null));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.bodyText()).doesNotContain(user.username());
	}

	// ---- one cell ----

	private RawHttp.Response call(String route, Caller caller) throws IOException {
		TestUser owner = TestUsers.create(database);
		String authorization = switch (caller) {
			case NO_TOKEN -> null;
			case EXPIRED -> "Bearer " + TestUsers.token(owner.id(), Duration.ofMinutes(-5));
			case TAMPERED -> "Bearer " + ForgedTokens.tamperedSignature(owner.token());
			case OTHER_USER -> TestUsers.create(database).bearer();
			case USER -> owner.bearer();
			case ADMIN -> TestUsers.create(database, "admin").bearer();
		};
		String method = route.substring(0, route.indexOf(' '));
		String path = route.substring(route.indexOf(' ') + 1);
		return switch (route) {
			case "POST /api/v1/tasks" ->
				send(method, path, authorization, "application/json", "{\"title\":\"matrix\"}");
			case "POST /api/v1/tasks/batch" ->
				send(method, path, authorization, "application/json", "{\"tasks\":[{\"title\":\"matrix\"}]}");
			// Bulk changes take only the caller's own tasks, whoever calls
			// (TaskBulkIntegrationTest checks that ids of
			// another user's tasks change nothing).
			case "PATCH /api/v1/tasks" -> send(method, path + "?all=true", authorization,
					"application/merge-patch+json", "{\"priority\":\"high\"}");
			case "DELETE /api/v1/tasks" -> send(method, path + "?all=true", authorization, null, null);
			case "GET /api/v1/tasks/{id}", "DELETE /api/v1/tasks/{id}" ->
				send(method, "/api/v1/tasks/" + createTask(owner), authorization, null, null);
			case "PATCH /api/v1/tasks/{id}" -> send(method, "/api/v1/tasks/" + createTask(owner), authorization,
					"application/merge-patch+json", "{\"completed\":true}");
			case "POST /api/v1/auth/register" ->
				send(method, path, authorization, "application/json", registration(unique()));
			case "POST /api/v1/auth/login" -> {
				String username = register();
				yield send(method, path, authorization, "application/json",
						"{\"login\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
			}
			case "PATCH /api/v1/users/me" ->
				send(method, path, authorization, "application/json", "{\"fullName\":\"Matrix\"}");
			case "PATCH /api/v1/admin/users/{id}" -> send(method, "/api/v1/admin/users/" + owner.id(), authorization,
					"application/json", "{\"isActive\":true}");
			default -> send(method, path, authorization, null, null);
		};
	}

	private static RawHttp.Response send(String method, String target, String authorization, String contentType,
			String body) throws IOException {
		return http.exchange(request(method, target, authorization, contentType, body));
	}

	private static byte[] request(String method, String target, String authorization, String contentType, String body) {
		StringBuilder head = new StringBuilder(
				method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
		if (authorization != null) {
			head.append("Authorization: ").append(authorization).append("\r\n");
		}
		if (target.equals("/api/v1/tasks/events")) {
			head.append("Accept: text/event-stream\r\n");
		}
		byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
		if (body != null) {
			head.append("Content-Type: ")
				.append(contentType)
				.append("\r\nContent-Length: ")
				.append(content.length)
				.append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		bytes.writeBytes(content);
		return bytes.toByteArray();
	}

	private static long createTask(TestUser owner) throws IOException {
		RawHttp.Response created = send("POST", "/api/v1/tasks", owner.bearer(), "application/json",
				"{\"title\":\"owned\"}");
		assertThat(created.status()).isEqualTo(201);
		return JSON.readTree(created.body()).get("id").longValue();
	}

	/** An account with a real password, for signing in. */
	private static String register() throws IOException {
		String username = unique();
		RawHttp.Response registered = send("POST", "/api/v1/auth/register", null, "application/json",
				registration(username));
		assertThat(registered.status()).isEqualTo(201);
		return username;
	}

	private static String registration(String username) {
		return "{\"email\":\"" + username + "@example.test\",\"username\":\"" + username + "\",\"password\":\""
				+ PASSWORD + "\",\"fullName\":\"Matrix\"}";
	}

	private static String unique() {
		return "mx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	private static String abbreviate(String text) {
		String flat = text.replace("\n", " ");
		return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
	}

}
