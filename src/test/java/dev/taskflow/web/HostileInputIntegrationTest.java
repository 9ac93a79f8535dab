package dev.taskflow.web;

import dev.taskflow.support.DeclaredRoutes;
import dev.taskflow.support.ForgedTokens;
import dev.taskflow.support.RawHttp;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;
import dev.taskflow.web.HostileRequest.Expect;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated campaign of malformed and hostile requests against every route
 * ({@link HostileRequests}), sent byte for byte over plain sockets. Every answer must be
 * a refusal (4xx) written as a problem document whose {@code status} is the response's,
 * that names no class, SQL or stack frame; nothing may be a 5xx; the server is healthy
 * afterwards, and no row of the campaign's users changed.
 */
class HostileInputIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The requests leave from an address of their own, so the failed sign-ins they cause
	 * throttle no other test.
	 */
	private static final String CLIENT_ADDRESS = "127.77.0.1";

	/**
	 * What must never appear in an error body: parts of stack traces, class and package
	 * names, SQL, secrets. An echo of the request itself (a parameter name in
	 * {@code detail}) is not a leak, so a word the request contains is not looked for in
	 * its answer.
	 */
	private static final List<String> LEAKS = List.of("Exception", "at dev.", "at java.", "at org.", "Caused by",
			"org.", "java.", "tools.jackson", "reactor.", "io.r2dbc", "io.netty", "SELECT", "INSERT", "UPDATE ",
			"DELETE FROM", "SQLSTATE", "syntax error", "password_hash", "stackTrace", "\"trace\"",
			TestServer.AUTH_SECRET);

	private static TestServer server;

	private static TestDatabase database;

	private static TestUser attacker;

	private static TestUser victim;

	private static TestUser admin;

	private static String victimSecret;

	private static List<HostileRequest> campaign;

	@BeforeAll
	static void castAndCampaign() {
		server = TestServer.shared();
		database = TestDatabase.main();
		attacker = TestUsers.create(database);
		victim = TestUsers.create(database);
		admin = TestUsers.create(database, "admin");
		TestUser deleted = TestUsers.create(database);
		database.execute("UPDATE users SET deleted_at = now() WHERE id = " + deleted.id());
		victimSecret = "victim-secret-" + UUID.randomUUID();
		long ownTask = createTask(attacker, "the attacker's own task");
		long victimTask = createTask(victim, victimSecret);
		campaign = HostileRequests.generate(new HostileRequests.Cast(attacker.username(), attacker.token(), admin.id(),
				admin.token(), victim.id(), ownTask, victimTask, TestUsers.token(attacker.id(), Duration.ofMinutes(-5)),
				TestUsers.sign("another-secret-of-sufficient-length-0123456789", attacker.id(), Duration.ofHours(1)),
				deleted.token(), TestUsers.token(999_999_999_999_999_999L, Duration.ofHours(1)),
				ForgedTokens.withSubject(attacker.id() + " OR 1=1"),
				ForgedTokens.algNone(Long.toString(attacker.id()))));
	}

	@Test
	void theCampaignCoversEveryRoute() {
		assertThat(HostileRequests.ROUTES).containsAll(DeclaredRoutes.of(server.context()));
		Map<String, Long> refusedPerRoute = campaign.stream()
			.filter(request -> request.expect() != Expect.HARMLESS)
			.collect(Collectors.groupingBy(HostileRequest::route, TreeMap::new, Collectors.counting()));
		assertThat(refusedPerRoute.keySet()).containsExactlyInAnyOrderElementsOf(HostileRequests.ROUTES);
		assertThat(refusedPerRoute).allSatisfy((route, count) -> assertThat(count).as(route).isGreaterThanOrEqualTo(8));
		assertThat(refusedPerRoute.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void everyHostileRequestIsRefusedWithAProblemAndChangesNothing() throws IOException {
		Map<String, String> before = snapshot();
		RawHttp http = new RawHttp(server.port(), InetAddress.getByName(CLIENT_ADDRESS), Duration.ofSeconds(20));
		String host = "127.0.0.1:" + server.port();
		List<String> failures = new ArrayList<>();
		Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();

		for (HostileRequest request : campaign) {
			RawHttp.Response response;
			try {
				response = http.exchange(request.bytes(host));
			}
			catch (IOException e) {
				failures.add("no answer (" + e + ") to\n" + request.describe());
				continue;
			}
			statuses.computeIfAbsent(request.route(), route -> new TreeMap<>())
				.merge(response.status(), 1, Integer::sum);
			String wrong = verdict(request, response);
			if (wrong != null) {
				failures.add(wrong + " for\n" + request.describe());
			}
		}

		System.out.printf("Hostile-input campaign (seed %d): %d requests; statuses per route: %s%n",
				HostileRequests.SEED, campaign.size(), statuses);
		assertThat(failures)
			.as("%d of %d hostile requests were answered wrongly (seed %d)", failures.size(), campaign.size(),
					HostileRequests.SEED)
			.isEmpty();
		server.client().get().uri("/health/db").exchange().expectStatus().isOk();
		assertThat(snapshot()).isEqualTo(before);
	}

	/**
	 * Text the API accepts as data (titles, searches) may hold SQL or paths: it is
	 * stored, found and compared literally, and reaches no one else's rows. These are
	 * valid writes, so they run as a user of their own.
	 */
	@Test
	void hostileTextIsStoredAndSearchedAsPlainData() {
		TestUser author = TestUsers.create(database);
		Map<String, String> before = snapshot();
		List<String> texts = new ArrayList<>(HostileRequests.INJECTIONS);
		texts.addAll(HostileRequests.TRAVERSALS);
		Map<String, Long> created = new LinkedHashMap<>();
		for (String text : texts) {
			created.put(text, createTask(author, text));
		}

		for (Map.Entry<String, Long> task : created.entrySet()) {
			JsonNode stored = json(server.client()
				.get()
				.uri("/api/v1/tasks/{id}", task.getValue())
				.header(HttpHeaders.AUTHORIZATION, author.bearer())
				.exchange()
				.expectStatus()
				.isOk());
			assertThat(stored.get("title").stringValue()).isEqualTo(task.getKey());

			URI search = URI
				.create(server.baseUrl() + "/api/v1/tasks?limit=100&q=" + HostileRequests.encode(task.getKey()));
			JsonNode found = json(server.client()
				.get()
				.uri(search)
				.header(HttpHeaders.AUTHORIZATION, author.bearer())
				.exchange()
				.expectStatus()
				.isOk());
			List<Long> ids = new ArrayList<>();
			found.get("items").forEach(item -> {
				ids.add(item.get("id").longValue());
				assertThat(item.get("title").stringValue()).as("found by q=%s", task.getKey())
					.containsIgnoringCase(task.getKey());
			});
			assertThat(ids).as("q=%s", task.getKey()).contains(task.getValue()).isSubsetOf(created.values());
		}
		assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", author.id())).isEqualTo(texts.size());
		assertThat(snapshot()).as("the campaign's users are untouched").isEqualTo(before);
	}

	private static String verdict(HostileRequest request, RawHttp.Response response) {
		int status = response.status();
		String body = response.bodyText();
		if (status >= 500) {
			return "a " + status + " (" + abbreviate(body) + ")";
		}
		if (request.expect() != Expect.HARMLESS && status < 400) {
			return "answered " + status + " instead of refusing (" + abbreviate(body) + ")";
		}
		if (body.contains(victimSecret)) {
			return "the victim's data in a " + status;
		}
		if (status < 400) {
			return null;
		}
		if (response.body().length == 0) {
			return request.expect() == Expect.REFUSED_MAYBE_BARE || request.method().equals("HEAD") ? null
					: "a " + status + " without a problem document";
		}
		String contentType = response.header(HttpHeaders.CONTENT_TYPE);
		if (contentType == null
				|| !MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
			return "a " + status + " as " + contentType + " (" + abbreviate(body) + ")";
		}
		JsonNode problem;
		try {
			problem = JSON.readTree(body);
		}
		catch (RuntimeException e) {
			return "a " + status + " whose problem document is not JSON (" + abbreviate(body) + ")";
		}
		if (!problem.path("status").isInt() || problem.get("status").intValue() != status) {
			return "a " + status + " whose problem says status " + problem.path("status") + " (" + abbreviate(body)
					+ ")";
		}
		String sent = request.asText();
		for (String leak : LEAKS) {
			if (body.contains(leak) && !sent.contains(leak)) {
				return "a " + status + " revealing '" + leak + "' (" + abbreviate(body) + ")";
			}
		}
		return null;
	}

	/** Rows of the campaign's users, and anything a registration could have added. */
	private static Map<String, String> snapshot() {
		String ids = attacker.id() + ", " + victim.id() + ", " + admin.id();
		Map<String, String> state = new LinkedHashMap<>();
		state.put("users (all)", Long.toString(database.count("SELECT count(*) FROM users")));
		state.put("users",
				database.string(
						"SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM users u WHERE id IN ("
								+ ids + ")"));
		state.put("tasks", database
			.string("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM tasks t WHERE user_id IN ("
					+ ids + ")"));
		state.put("task_events", database.string(
				"SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.id), '')) FROM task_events e WHERE user_id IN ("
						+ ids + ")"));
		state.put("idempotency_keys",
				Long.toString(database.count("SELECT count(*) FROM idempotency_keys WHERE user_id IN (" + ids + ")")));
		state.put("feed_tickets",
				Long.toString(database.count("SELECT count(*) FROM feed_tickets WHERE user_id IN (" + ids + ")")));
		return state;
	}

	private static long createTask(TestUser owner, String title) {
		return json(server.client()
			.post()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, owner.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title))
			.exchange()
			.expectStatus()
			.isCreated()).get("id").longValue();
	}

	private static JsonNode json(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectBody().returnResult().getResponseBody());
	}

	private static String abbreviate(String text) {
		String flat = text.replace("\n", " ");
		return flat.length() <= 240 ? flat : flat.substring(0, 240) + "… (" + text.length() + " chars)";
	}

}
