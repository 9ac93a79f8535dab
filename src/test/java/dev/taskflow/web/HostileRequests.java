package dev.taskflow.web;

import dev.taskflow.support.ForgedTokens;
import dev.taskflow.web.HostileRequest.Expect;
import dev.taskflow.web.HostileRequest.Framing;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Generates the hostile-input campaign. Each request starts from one that would succeed
 * on its route and changes one thing about it (the token, the method, one field, one
 * header, one parameter, the framing), so what it proves is clear: that one change is
 * refused, without a 5xx, and nothing is written. Values come from fixed catalogs; where
 * a choice is random (where to truncate a body) it comes from a fixed seed, so every run
 * sends the same requests in the same order.
 */
final class HostileRequests {

	static final long SEED = 0x7A5CF10L;

	// The routes, spelled as the routers declare them (see
	// HostileInputIntegrationTest#theCampaignCoversEveryRoute).
	static final String LIST = "GET /api/v1/tasks";
	static final String CREATE = "POST /api/v1/tasks";
	static final String BATCH = "POST /api/v1/tasks/batch";
	static final String STATS = "GET /api/v1/tasks/stats";
	static final String GET_TASK = "GET /api/v1/tasks/{id:[0-9]+}";
	static final String PATCH_TASK = "PATCH /api/v1/tasks/{id:[0-9]+}";
	static final String DELETE_TASK = "DELETE /api/v1/tasks/{id:[0-9]+}";
	static final String BULK_PATCH = "PATCH /api/v1/tasks";
	static final String BULK_DELETE = "DELETE /api/v1/tasks";
	static final String TAGS = "GET /api/v1/tags";
	static final String FEED = "GET /api/v1/tasks/events";
	static final String TICKET = "POST /api/v1/tasks/events/tickets";
	static final String REGISTER = "POST /api/v1/auth/register";
	static final String LOGIN = "POST /api/v1/auth/login";
	static final String ME = "GET /api/v1/users/me";
	static final String PATCH_ME = "PATCH /api/v1/users/me";
	static final String DELETE_ME = "DELETE /api/v1/users/me";
	static final String ADMIN_LIST = "GET /api/v1/admin/users";
	static final String ADMIN_PATCH = "PATCH /api/v1/admin/users/{id:[0-9]+}";
	static final String HEALTH = "GET /health";
	static final String HEALTH_DB = "GET /health/db";
	static final String HEALTH_POOL = "GET /health/pool";
	static final String ACTUATOR_HEALTH = "GET /actuator/health";
	static final String LIVENESS = "GET /actuator/health/liveness";
	static final String READINESS = "GET /actuator/health/readiness";
	static final String PROMETHEUS = "GET /actuator/prometheus";
	static final String API_DOCS = "GET /v3/api-docs";
	static final String DOCS = "GET /docs";
	static final String WATCH_PAGE = "GET /";

	static final List<String> ROUTES = List.of(LIST, CREATE, BATCH, STATS, GET_TASK, PATCH_TASK, DELETE_TASK,
			BULK_PATCH, BULK_DELETE, TAGS, FEED, TICKET, REGISTER, LOGIN, ME, PATCH_ME, DELETE_ME, ADMIN_LIST,
			ADMIN_PATCH, HEALTH, HEALTH_DB, HEALTH_POOL, ACTUATOR_HEALTH, LIVENESS, READINESS, PROMETHEUS, API_DOCS,
			DOCS, WATCH_PAGE);

	/**
	 * Routes a request may only reach with a valid bearer token (the feed also takes a
	 * ticket). A list: fixed order.
	 */
	static final List<String> PROTECTED = List.of(LIST, CREATE, BATCH, STATS, GET_TASK, PATCH_TASK, DELETE_TASK,
			BULK_PATCH, BULK_DELETE, TAGS, FEED, TICKET, ME, PATCH_ME, DELETE_ME, ADMIN_LIST, ADMIN_PATCH);

	/**
	 * Who is who in the campaign. {@code user} attacks; {@code victim} owns data the
	 * attacker must never reach; {@code admin} sends the administrator's requests.
	 */
	record Cast(String username, String userToken, long adminId, String adminToken, long victimId, long ownTask,
			long victimTask, String expiredToken, String foreignSecretToken, String deletedUserToken,
			String unknownUserToken, String nonNumericSubjectToken, String algNoneToken) {
	}

	static final List<String> INJECTIONS = List.of("' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE tasks; --",
			"\"; DROP TABLE users; --", "1; DELETE FROM task_events", "' UNION SELECT id, password_hash FROM users --",
			"admin'--", "'); SELECT pg_sleep(10); --", "$1", ":userId", "%' OR title LIKE '%",
			"\\'; TRUNCATE users CASCADE; --", "1' AND (SELECT count(*) FROM users) > 0 --");

	static final List<String> TRAVERSALS = List.of("../../../../etc/passwd", "..\\..\\..\\windows\\win.ini",
			"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd", "file:///etc/passwd");

	/**
	 * Strings that are odd rather than malicious: empty, blank, look-alikes of other
	 * types, scripts, templates.
	 */
	static final List<String> ODD_STRINGS = List.of("", "   ", "true", "false", "null", "-1", "9223372036854775808",
			"<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "\u202Eevil", "\uFEFF",
			"\uD83D\uDE00");

	private static final String DEEP_ARRAYS = "[".repeat(10_000) + "]".repeat(10_000);

	private static final String DEEP_OBJECTS = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

	private static final String BIG_DIGITS = "9".repeat(2_000);

	/**
	 * Over every text limit of the API (255, 10,000 characters), well under the 1 MiB
	 * body limit.
	 */
	private static final String LONG_TEXT = "A".repeat(20_000);

	/**
	 * What kind of JSON value a catalog entry is; a field names the kinds it must refuse.
	 */
	enum Kind {

		NULL, NUMBER, BOOLEAN, ARRAY, OBJECT, TEXT, BAD_TEXT

	}

	record Value(String json, Kind kind) {
	}

	static final List<Value> VALUES = values();

	private static List<Value> values() {
		List<Value> values = new ArrayList<>();
		values.add(new Value("null", Kind.NULL));
		for (String number : List.of("0", "-1", "1.5", "1e309", "-1e309", "123456789012345678901234567890", BIG_DIGITS,
				"1E-400")) {
			values.add(new Value(number, Kind.NUMBER));
		}
		values.add(new Value("true", Kind.BOOLEAN));
		values.add(new Value("false", Kind.BOOLEAN));
		for (String array : List.of("[]", "[null]", "[\"x\"]", DEEP_ARRAYS)) {
			values.add(new Value(array, Kind.ARRAY));
		}
		for (String object : List.of("{}", "{\"$ne\":null}", DEEP_OBJECTS)) {
			values.add(new Value(object, Kind.OBJECT));
		}
		for (List<String> strings : List.of(INJECTIONS, TRAVERSALS, ODD_STRINGS)) {
			for (String string : strings) {
				values.add(new Value(quote(string), Kind.TEXT));
			}
		}
		// A lone surrogate is valid JSON text but no valid Unicode string.
		values.add(new Value("\"\\uD800\"", Kind.BAD_TEXT));
		values.add(new Value(quote("x\u0000y"), Kind.BAD_TEXT));
		values.add(new Value(quote("/etc/passwd\u0000.json"), Kind.BAD_TEXT));
		values.add(new Value(quote(LONG_TEXT), Kind.BAD_TEXT));
		return List.copyOf(values);
	}

	/**
	 * A body field and the kinds of value it must refuse by itself; for any other kind
	 * the body is poisoned.
	 */
	record Field(String name, Set<Kind> refuses) {
	}

	private static final Set<Kind> ALL = EnumSet.allOf(Kind.class);

	private static final Set<Kind> NOT_TEXT = EnumSet.of(Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.OBJECT,
			Kind.BAD_TEXT);

	/**
	 * A route that takes a JSON object. {@code valid} would succeed; a mutated field
	 * whose value the route may accept gets {@code poison} (or {@code otherPoison}, if
	 * the poison is the mutated field) added, so no campaign request writes anything.
	 */
	record BodyRoute(String route, Map<String, String> valid, List<Field> fields, Map.Entry<String, String> poison,
			Map.Entry<String, String> otherPoison, UnaryOperator<String> wrap, String textField) {
	}

	private final Cast cast;

	private final Random random = new Random(SEED);

	private final List<HostileRequest> requests = new ArrayList<>();

	private HostileRequests(Cast cast) {
		this.cast = cast;
	}

	static List<HostileRequest> generate(Cast cast) {
		HostileRequests generator = new HostileRequests(cast);
		generator.authorization();
		generator.wrongMethods();
		for (BodyRoute route : generator.bodyRoutes()) {
			generator.fields(route);
			generator.brokenJson(route);
			generator.invalidUtf8(route);
			generator.contentTypes(route);
			generator.oversized(route);
		}
		generator.ifMatch();
		generator.idempotencyKeys();
		generator.lastEventIds();
		generator.acceptHeaders();
		generator.duplicateHeaders();
		generator.malformedHttp();
		generator.tagLists();
		generator.bulkBodies();
		generator.listParameters();
		generator.bulkParameters();
		generator.otherParameters();
		generator.ids();
		generator.traversals();
		List<HostileRequest> all = generator.requests;
		for (int i = 0; i < all.size(); i++) {
			all.get(i).index(i);
		}
		return all;
	}

	// ---- the request each route would answer with success ----

	HostileRequest valid(String route) {
		return switch (route) {
			case LIST -> user(new HostileRequest(route, "", "GET", "/api/v1/tasks?limit=5"));
			case CREATE ->
				user(new HostileRequest(route, "", "POST", "/api/v1/tasks")).header("Content-Type", "application/json")
					.json("{\"title\":\"campaign\"}");
			case BATCH -> user(new HostileRequest(route, "", "POST", "/api/v1/tasks/batch"))
				.header("Content-Type", "application/json")
				.json("{\"tasks\":[{\"title\":\"a\"},{\"title\":\"b\"}]}");
			case STATS -> user(new HostileRequest(route, "", "GET", "/api/v1/tasks/stats"));
			case GET_TASK -> user(new HostileRequest(route, "", "GET", "/api/v1/tasks/" + cast.ownTask()));
			case PATCH_TASK -> user(new HostileRequest(route, "", "PATCH", "/api/v1/tasks/" + cast.ownTask()))
				.header("Content-Type", "application/merge-patch+json")
				.header("If-Match", "\"1\"")
				.json("{\"completed\":true}");
			case DELETE_TASK -> user(new HostileRequest(route, "", "DELETE", "/api/v1/tasks/" + cast.ownTask()))
				.header("If-Match", "\"1\"");
			// The bulk routes name the attacker's own task by id; a campaign request that
			// is not refused would change it.
			case BULK_PATCH -> user(new HostileRequest(route, "", "PATCH", "/api/v1/tasks?ids=" + cast.ownTask()))
				.header("Content-Type", "application/merge-patch+json")
				.json("{\"completed\":true}");
			case BULK_DELETE -> user(new HostileRequest(route, "", "DELETE", "/api/v1/tasks?ids=" + cast.ownTask()));
			case TAGS -> user(new HostileRequest(route, "", "GET", "/api/v1/tags?limit=5"));
			case FEED -> user(new HostileRequest(route, "", "GET", "/api/v1/tasks/events")).header("Accept",
					"text/event-stream");
			case TICKET -> user(new HostileRequest(route, "", "POST", "/api/v1/tasks/events/tickets"));
			case REGISTER -> new HostileRequest(route, "", "POST", "/api/v1/auth/register")
				.header("Content-Type", "application/json")
				.json("{\"email\":\"campaign@example.test\",\"username\":\"campaign_user\",\"password\":\"Campaign-Pass-1!\",\"fullName\":\"Campaign\"}");
			// The password never matches (test users have no usable hash): every login of
			// the campaign fails.
			case LOGIN ->
				new HostileRequest(route, "", "POST", "/api/v1/auth/login").header("Content-Type", "application/json")
					.json("{\"login\":\"" + cast.username() + "\",\"password\":\"Wrong-Pass-1!\"}");
			case ME -> user(new HostileRequest(route, "", "GET", "/api/v1/users/me"));
			case PATCH_ME -> user(new HostileRequest(route, "", "PATCH", "/api/v1/users/me"))
				.header("Content-Type", "application/json")
				.json("{\"fullName\":\"Renamed By Campaign\"}");
			case DELETE_ME -> user(new HostileRequest(route, "", "DELETE", "/api/v1/users/me"));
			case ADMIN_LIST -> admin(new HostileRequest(route, "", "GET", "/api/v1/admin/users?limit=5"));
			case ADMIN_PATCH -> admin(new HostileRequest(route, "", "PATCH", "/api/v1/admin/users/" + cast.victimId()))
				.header("Content-Type", "application/json")
				.json("{\"isActive\":false}");
			default -> new HostileRequest(route, "", "GET", route.substring(route.indexOf(' ') + 1));
		};
	}

	private HostileRequest user(HostileRequest request) {
		return request.header("Authorization", "Bearer " + cast.userToken());
	}

	private HostileRequest admin(HostileRequest request) {
		return request.header("Authorization", "Bearer " + cast.adminToken());
	}

	private HostileRequest from(String route, String what) {
		return valid(route).copy(what);
	}

	/**
	 * Malformed HTTP is refused before any application code runs, with a bare 400, and
	 * that is all it can get: a request-target that is no URI (a brace, a lone '%', a raw
	 * space) is refused by the HTTP adapter, a header value with a control character (RFC
	 * 9110, 5.5) by Netty's decoder.
	 */
	private void add(HostileRequest request) {
		if (!isUri(request.target()) || request.hasControlCharacterInHeader()) {
			request.expect(Expect.REFUSED_MAYBE_BARE);
		}
		requests.add(request);
	}

	private static boolean isUri(String target) {
		try {
			new URI("http://127.0.0.1" + target);
			return true;
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	// ---- who is asking ----

	/**
	 * Every protected route, otherwise valid, with each kind of bad credential: 401, or
	 * 403 for a mere user on admin routes.
	 */
	private void authorization() {
		Map<String, List<String>> bad = new LinkedHashMap<>();
		bad.put("no Authorization", List.of());
		bad.put("empty Authorization", List.of(""));
		bad.put("'Bearer' without a token", List.of("Bearer"));
		bad.put("'Bearer ' and spaces", List.of("Bearer    "));
		bad.put("Basic credentials", List.of("Basic dXNlcjpwYXNzd29yZA=="));
		bad.put("expired token", List.of("Bearer " + cast.expiredToken()));
		bad.put("tampered signature", List.of("Bearer " + ForgedTokens.tamperedSignature(cast.userToken())));
		bad.put("token signed with another secret", List.of("Bearer " + cast.foreignSecretToken()));
		bad.put("alg none", List.of("Bearer " + cast.algNoneToken()));
		bad.put("deleted user's token", List.of("Bearer " + cast.deletedUserToken()));
		bad.put("token of a user that never existed", List.of("Bearer " + cast.unknownUserToken()));
		bad.put("non-numeric subject", List.of("Bearer " + cast.nonNumericSubjectToken()));
		bad.put("SQL injection as token", List.of("Bearer ' OR 1=1 --"));
		bad.put("path traversal as token", List.of("Bearer ../../../../etc/passwd"));
		bad.put("three dots", List.of("Bearer a.b.c"));
		bad.put("token followed by garbage", List.of("Bearer " + cast.userToken() + " x"));
		bad.put("two tokens in one header", List.of("Bearer " + cast.userToken() + ", Bearer " + cast.userToken()));
		bad.put("garbage, then a valid token", List.of("Bearer x", "Bearer " + cast.userToken()));
		for (String route : PROTECTED) {
			for (Map.Entry<String, List<String>> credential : bad.entrySet()) {
				HostileRequest request = from(route, credential.getKey()).without("Authorization");
				credential.getValue().forEach(value -> request.header("Authorization", value));
				add(request);
			}
		}
		add(user(from(ADMIN_LIST, "a user's token on an admin route").without("Authorization")));
		add(user(from(ADMIN_PATCH, "a user's token on an admin route").without("Authorization")));
		// Sign-up and sign-in are open, but a bearer token that is sent is still checked.
		add(from(REGISTER, "tampered token on an open route").header("Authorization",
				"Bearer " + ForgedTokens.tamperedSignature(cast.userToken())));
		add(from(LOGIN, "expired token on an open route").header("Authorization", "Bearer " + cast.expiredToken()));
	}

	// ---- methods ----

	/**
	 * Each path with every method none of its routes takes, sent as the path's first
	 * route would be.
	 */
	private void wrongMethods() {
		Map<String, List<String>> routesByPath = new LinkedHashMap<>();
		for (String route : ROUTES) {
			routesByPath.computeIfAbsent(pathOf(valid(route)), path -> new ArrayList<>()).add(route);
		}
		for (List<String> routes : routesByPath.values()) {
			Set<String> methods = new TreeSet<>();
			routes.forEach(route -> methods.add(valid(route).method()));
			String base = routes.getFirst();
			for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "FOO")) {
				if (!methods.contains(method)) {
					add(from(base, method + " instead of " + methods).method(method));
				}
			}
			if (!methods.contains("GET")) {
				// No body comes back to HEAD, whatever the status.
				add(from(base, "HEAD instead of " + methods).method("HEAD").expect(Expect.REFUSED_MAYBE_BARE));
			}
		}
	}

	private static String pathOf(HostileRequest request) {
		String target = request.target();
		int query = target.indexOf('?');
		return query < 0 ? target : target.substring(0, query);
	}

	// ---- JSON bodies ----

	List<BodyRoute> bodyRoutes() {
		Map<String, String> task = ordered("title", quote("campaign"), "description", quote("d"), "priority",
				quote("low"), "dueAt", quote("2026-05-01T12:00:00Z"), "completed", "false");
		// The same rules for a new task and a patch: a title cannot be cleared, a
		// description and a due date can.
		List<Field> taskFields = List.of(
				new Field("title",
						EnumSet.of(Kind.NULL, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.OBJECT, Kind.BAD_TEXT)),
				new Field("description", NOT_TEXT), new Field("priority", ALL),
				new Field("dueAt", EnumSet.complementOf(EnumSet.of(Kind.NULL))),
				new Field("completed", EnumSet.complementOf(EnumSet.of(Kind.BOOLEAN))),
				// null and [] clear the tags, and an array may be valid: those are
				// poisoned, the rest refused alone.
				new Field("tags", EnumSet.complementOf(EnumSet.of(Kind.NULL, Kind.ARRAY))));
		// A bulk patch takes the same fields, and tags to merge, which must be arrays
		// (null is no array to merge).
		List<Field> bulkFields = new ArrayList<>(taskFields);
		bulkFields.add(new Field("addTags", EnumSet.complementOf(EnumSet.of(Kind.ARRAY))));
		bulkFields.add(new Field("removeTags", EnumSet.complementOf(EnumSet.of(Kind.ARRAY))));
		return List.of(
				new BodyRoute(CREATE, task, taskFields, Map.entry("priority", quote("poison")),
						Map.entry("completed", quote("poison")), UnaryOperator.identity(), "title"),
				// The mutated task is the second of a batch whose first task is fine: one
				// bad task refuses them all.
				new BodyRoute(BATCH, task, taskFields, Map.entry("priority", quote("poison")),
						Map.entry("completed", quote("poison")),
						item -> "{\"tasks\":[{\"title\":\"fine\"}," + item + "]}", "title"),
				new BodyRoute(PATCH_TASK, ordered("completed", "true"), taskFields,
						Map.entry("priority", quote("poison")), Map.entry("completed", quote("poison")),
						UnaryOperator.identity(), "title"),
				new BodyRoute(BULK_PATCH, ordered("completed", "true"), bulkFields,
						Map.entry("priority", quote("poison")), Map.entry("completed", quote("poison")),
						UnaryOperator.identity(), "title"),
				// Registration: every field is free text to the decoder, so every
				// mutation is poisoned (a weak password).
				new BodyRoute(REGISTER,
						ordered("email", quote("campaign@example.test"), "username", quote("campaign_user"), "password",
								quote("Campaign-Pass-1!"), "fullName", quote("Campaign")),
						List.of(new Field("email", Set.of()), new Field("username", Set.of()),
								new Field("password", Set.of()), new Field("fullName", Set.of())),
						Map.entry("password", quote("weak")), Map.entry("email", quote("not-an-email")),
						UnaryOperator.identity(), "fullName"),
				// A login never succeeds in the campaign, so no poison is needed.
				new BodyRoute(LOGIN, ordered("login", quote(cast.username()), "password", quote("Wrong-Pass-1!")),
						List.of(new Field("login", ALL), new Field("password", ALL)),
						Map.entry("password", quote("Wrong-Pass-1!")), Map.entry("login", quote(cast.username())),
						UnaryOperator.identity(), "login"),
				// A wrong type is a 422 naming the field, as JsonBodies documents;
				// null leaves a field as it is.
				new BodyRoute(PATCH_ME, ordered("fullName", quote("Renamed By Campaign")),
						List.of(new Field("fullName", NOT_TEXT),
								new Field("password", EnumSet.complementOf(EnumSet.of(Kind.NULL))),
								new Field("currentPassword",
										EnumSet.of(Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.OBJECT))),
						Map.entry("fullName", quote(" ")), Map.entry("password", quote("weak")),
						UnaryOperator.identity(), "fullName"),
				new BodyRoute(ADMIN_PATCH, ordered("isActive", "false"),
						List.of(new Field("isActive", EnumSet.complementOf(EnumSet.of(Kind.NULL, Kind.BOOLEAN))),
								new Field("role", EnumSet.complementOf(EnumSet.of(Kind.NULL)))),
						Map.entry("role", quote("superuser")), Map.entry("isActive", "[]"), UnaryOperator.identity(),
						"role"));
	}

	/** Every field × every catalog value, plus nulls everywhere and mass assignment. */
	private void fields(BodyRoute route) {
		for (Field field : route.fields()) {
			for (Value value : VALUES) {
				Map<String, String> body = new LinkedHashMap<>(route.valid());
				body.put(field.name(), value.json());
				if (!field.refuses().contains(value.kind())) {
					poison(route, field.name(), body);
				}
				add(from(route.route(), field.name() + " = " + abbreviate(value.json()))
					.json(route.wrap().apply(object(body))));
			}
		}
		if (!route.route().equals(PATCH_ME) && !route.route().equals(ADMIN_PATCH)) {
			// On the account and admin patches null means "leave as it is", so nulls
			// everywhere would be a valid no-op.
			Map<String, String> nulls = new LinkedHashMap<>();
			route.fields().forEach(field -> nulls.put(field.name(), "null"));
			add(from(route.route(), "nulls everywhere").json(route.wrap().apply(object(nulls))));
		}
		for (String extra : List.of("id", "userId", "user_id", "version", "role", "createdAt", "__proto__",
				INJECTIONS.get(2))) {
			Map<String, String> body = new LinkedHashMap<>(route.valid());
			body.put(extra, extra.equals("role") ? quote("admin") : "1");
			if (route.route().equals(REGISTER) || route.route().equals(PATCH_ME) || route.route().equals(ADMIN_PATCH)) {
				// Records ignore unknown properties; the poison keeps the request from
				// being a valid write.
				poison(route, extra, body);
			}
			add(from(route.route(), "mass assignment of " + abbreviate(extra)).json(route.wrap().apply(object(body))));
		}
	}

	private static void poison(BodyRoute route, String mutated, Map<String, String> body) {
		Map.Entry<String, String> poison = route.poison().getKey().equals(mutated) ? route.otherPoison()
				: route.poison();
		body.put(poison.getKey(), poison.getValue());
	}

	/**
	 * Syntax errors, truncation, trailing content, non-objects and documents built to
	 * exhaust a parser.
	 */
	private void brokenJson(BodyRoute route) {
		String valid = route.wrap().apply(object(route.valid()));
		String withText = route.wrap().apply(object(withText(route, quote("text"))));
		Map<String, String> documents = new LinkedHashMap<>();
		documents.put("empty body", "");
		documents.put("blank body", "  \r\n ");
		for (int i = 0; i < 6; i++) {
			int cut = 1 + random.nextInt(valid.length() - 1);
			documents.put("truncated at " + cut, valid.substring(0, cut));
		}
		documents.put("single quotes", valid.replace('"', '\''));
		documents.put("unquoted keys", valid.replaceAll("\"(\\w+)\":", "$1:"));
		documents.put("trailing comma", valid.substring(0, valid.length() - 1) + ",}");
		documents.put("extra closing brace", valid + "}");
		documents.put("trailing garbage", valid + " garbage");
		documents.put("two documents", valid + valid);
		documents.put("a comment", valid.replaceFirst("\\{", "{/* comment */"));
		documents.put("NaN", withText.replace(quote("text"), "NaN"));
		documents.put("invalid escape", withText.replace(quote("text"), "\"\\uZZZZ\""));
		documents.put("raw newline in a string", withText.replace(quote("text"), "\"line\nbreak\""));
		documents.put("an array around the object", "[" + valid + "]");
		documents.put("null", "null");
		documents.put("a number", "42");
		documents.put("a string", "\"" + valid.replace("\"", "\\\"") + "\"");
		documents.put("an empty array", "[]");
		documents.put("10,000 nested arrays", DEEP_ARRAYS);
		documents.put("10,000 nested objects", DEEP_OBJECTS);
		documents.put("10,000 unclosed braces", "{".repeat(10_000));
		documents.put("a 2,000-digit number", BIG_DIGITS);
		documents.put("an array of 100,000 numbers", "[" + "1,".repeat(99_999) + "1]");
		documents.put("a key of 100,000 characters", "{\"" + "k".repeat(100_000) + "\":1}");
		documents.put("a string of 900,000 characters in every field",
				route.wrap().apply(object(every(route.valid(), quote("x".repeat(900_000 / route.valid().size()))))));
		documents.put("NUL bytes", "\u0000".repeat(64));
		for (Map.Entry<String, String> document : documents.entrySet()) {
			add(from(route.route(), document.getKey()).json(document.getValue()));
		}
		if (route.route().equals(CREATE) || route.route().equals(BATCH) || route.route().equals(PATCH_TASK)) {
			StringBuilder many = new StringBuilder("{\"title\":\"many keys\"");
			for (int i = 0; i < 10_000; i++) {
				many.append(",\"k").append(i).append("\":0");
			}
			add(from(route.route(), "10,000 unknown keys").json(route.wrap().apply(many.append('}').toString())));
		}
	}

	/** The valid body with its text field set to {@code json}. */
	private static Map<String, String> withText(BodyRoute route, String json) {
		Map<String, String> fields = new LinkedHashMap<>(route.valid());
		fields.put(route.textField(), json);
		return fields;
	}

	private static Map<String, String> every(Map<String, String> fields, String value) {
		Map<String, String> result = new LinkedHashMap<>();
		fields.keySet().forEach(name -> result.put(name, value));
		return result;
	}

	/** Bytes that are not UTF-8 inside the text field of an otherwise valid body. */
	private void invalidUtf8(BodyRoute route) {
		Map<String, byte[]> sequences = new LinkedHashMap<>();
		sequences.put("0xFF", new byte[] { (byte) 0xFF });
		sequences.put("0xFE 0xFF", new byte[] { (byte) 0xFE, (byte) 0xFF });
		sequences.put("overlong '/' (0xC0 0xAF)", new byte[] { (byte) 0xC0, (byte) 0xAF });
		sequences.put("encoded surrogate (0xED 0xA0 0x80)", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
		sequences.put("beyond U+10FFFF (0xF4 0x90 0x80 0x80)",
				new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 });
		sequences.put("truncated sequence (0xE2 0x82)", new byte[] { (byte) 0xE2, (byte) 0x82 });
		sequences.put("lone continuation byte (0x80)", new byte[] { (byte) 0x80 });
		String valid = route.wrap().apply(object(withText(route, quote("ab"))));
		int quote = valid.indexOf(quote("ab")) + 2;
		for (Map.Entry<String, byte[]> sequence : sequences.entrySet()) {
			byte[] before = valid.substring(0, quote).getBytes(StandardCharsets.UTF_8);
			byte[] after = valid.substring(quote).getBytes(StandardCharsets.UTF_8);
			byte[] body = new byte[before.length + sequence.getValue().length + after.length];
			System.arraycopy(before, 0, body, 0, before.length);
			System.arraycopy(sequence.getValue(), 0, body, before.length, sequence.getValue().length);
			System.arraycopy(after, 0, body, before.length + sequence.getValue().length, after.length);
			add(from(route.route(), "invalid UTF-8: " + sequence.getKey()).body(body));
		}
	}

	/**
	 * Types that are not JSON, or not media types at all, with a valid body: refused
	 * (415, or 400 for a header that does not parse). Variants of JSON a decoder may read
	 * (a charset it detects anyway, empty parameters) get a poisoned body: what matters
	 * for them is that no variant causes a 5xx.
	 */
	private void contentTypes(BodyRoute route) {
		List<String> notJson = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "multipart/form-data", "text/html", "application/octet-stream", "",
				";", "application/", "/json", "json", "application/json; charset=\"",
				"application/json; charset=no-such-charset", "application/json\u0000", "application/json\u00FF");
		List<String> jsonVariants = List.of("*/*", "application/*", "application/json;;;",
				"application/json; charset=UTF-16", "application/json; charset=UTF-32",
				"application/json; charset=ISO-8859-1", "APPLICATION/JSON", "application/vnd.campaign+json",
				"application/merge-patch+json");
		Map<String, String> fields = new LinkedHashMap<>(route.valid());
		poison(route, "", fields);
		String poisoned = route.wrap().apply(object(fields));
		boolean recordBody = route.route().equals(REGISTER) || route.route().equals(PATCH_ME)
				|| route.route().equals(ADMIN_PATCH);
		for (String type : notJson) {
			// The account routes hand any body to the decoder; poisoned, a body it still
			// reads is refused anyway.
			HostileRequest request = from(route.route(), "Content-Type: " + abbreviate(type)).replace("Content-Type",
					type);
			add(recordBody ? request.json(poisoned) : request);
		}
		for (String type : jsonVariants) {
			add(from(route.route(), "Content-Type: " + abbreviate(type) + ", poisoned body")
				.replace("Content-Type", type)
				.json(poisoned));
		}
		add(from(route.route(), "no Content-Type").without("Content-Type"));
	}

	/**
	 * Bodies over the 1 MiB limit, announced or not; each must be 413 (or 400 for a
	 * framing the server cannot read).
	 */
	private void oversized(BodyRoute route) {
		String huge = "{\"title\":\"" + "x".repeat(1024 * 1024 + 512) + "\"}";
		add(from(route.route(), "1 MiB + 512 B body with Content-Length").json(huge));
		add(from(route.route(), "1 MiB + 512 B chunked body").json(huge).framing(Framing.CHUNKED));
		add(from(route.route(), "Content-Length of 2 GiB, small body").framing(Framing.AS_GIVEN)
			.header("Content-Length", "2147483648")
			.json("{}"));
		add(from(route.route(), "Content-Length over the limit with Expect: 100-continue").framing(Framing.AS_GIVEN)
			.header("Content-Length", Integer.toString(1024 * 1024 + 1))
			.header("Expect", "100-continue")
			.body(null));
	}

	// ---- tags and bulk bodies ----

	/**
	 * Arrays of tags none of which may be stored: each is refused by itself, on every
	 * route that takes tags.
	 */
	static final List<String> BAD_TAG_LISTS = List.of("[\"a,b\"]", "[\"\"]", "[\"   \"]",
			"[" + quote("x".repeat(41)) + "]", "[null]", "[1]", "[true]", "[[\"x\"]]", "[{}]", "[\"ok\",null]",
			"[" + quote("nul\u0000") + "]", "[" + quote("tab\tinside") + "]", "[" + quote("next\u0085line") + "]",
			"[\"\\uD800\"]", "[" + quote("x".repeat(20_000)) + "]",
			"[" + String.join(",", Collections.nCopies(5, quote("fine"))) + "," + quote("a,b") + "]");

	/** 21 different tags: one more than a task holds. */
	static final String TWENTY_ONE_TAGS = IntStream.range(0, 21)
		.mapToObj(i -> quote("t" + i))
		.collect(Collectors.joining(",", "[", "]"));

	/**
	 * Bad tags on create, batch, patch and bulk patch, not poisoned: each must be refused
	 * on its own account (a 422 naming {@code tags[i]} or {@code tags}); on the bulk
	 * patch also as {@code addTags} and {@code removeTags}.
	 */
	private void tagLists() {
		for (BodyRoute route : bodyRoutes()) {
			if (!List.of(CREATE, BATCH, PATCH_TASK, BULK_PATCH).contains(route.route())) {
				continue;
			}
			List<String> lists = new ArrayList<>(BAD_TAG_LISTS);
			lists.add(TWENTY_ONE_TAGS);
			for (String field : route.route().equals(BULK_PATCH) ? List.of("tags", "addTags", "removeTags")
					: List.of("tags")) {
				for (String list : lists) {
					if (field.equals("removeTags") && list.equals(TWENTY_ONE_TAGS)) {
						continue; // removing 21 tags is fine
					}
					Map<String, String> body = new LinkedHashMap<>(route.valid());
					body.put(field, list);
					add(from(route.route(), field + " = " + abbreviate(list)).json(route.wrap().apply(object(body))));
				}
			}
		}
		// Tag merges are for bulk changes only: on a single task they are unknown fields.
		add(from(CREATE, "addTags on a create").json("{\"title\":\"campaign\",\"addTags\":[\"x\"]}"));
		add(from(PATCH_TASK, "removeTags on a single patch").json("{\"completed\":true,\"removeTags\":[\"x\"]}"));
		add(from(BATCH, "addTags in a batch").json("{\"tasks\":[{\"title\":\"a\",\"addTags\":[\"x\"]}]}"));
	}

	/**
	 * Bulk bodies refused for what they ask as a whole: nothing to change, tags both
	 * replaced and merged, too many.
	 */
	private void bulkBodies() {
		String thousandAndOne = IntStream.range(0, 1001)
			.mapToObj(i -> quote("m" + i))
			.collect(Collectors.joining(",", "[", "]"));
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("an empty object", "{}");
		bodies.put("tags with addTags", "{\"tags\":[\"a\"],\"addTags\":[\"b\"]}");
		bodies.put("tags null with removeTags", "{\"tags\":null,\"removeTags\":[\"a\"]}");
		bodies.put("tags [] with addTags []", "{\"tags\":[],\"addTags\":[]}");
		// The own task has no tags: 21 added would be 21, which the database refuses for
		// the whole statement.
		bodies.put("21 tags added to a task", "{\"addTags\":" + TWENTY_ONE_TAGS + "}");
		bodies.put("1,001 tags added", "{\"addTags\":" + thousandAndOne + "}");
		bodies.put("a title of nothing but a merge of nothing", "{\"title\":\" \",\"addTags\":[]}");
		bodies.put("id in a bulk body", "{\"id\":1,\"completed\":true}");
		bodies.put("ids in a bulk body", "{\"ids\":[1,2],\"completed\":true}");
		bodies.put("all in a bulk body", "{\"all\":true,\"completed\":true}");
		bodies.put("filters in a bulk body", "{\"filter\":{\"completed\":false},\"completed\":true}");
		for (Map.Entry<String, String> body : bodies.entrySet()) {
			add(from(BULK_PATCH, body.getKey()).json(body.getValue()));
		}
		add(from(BULK_PATCH, "no body at all").body(null));
		add(from(BULK_DELETE, "If-Match, which a bulk change does not take, with a bad value")
			.header("If-Match", "' OR '1'='1")
			.target("/api/v1/tasks?ids=abc"));
	}

	// ---- headers ----

	private void ifMatch() {
		List<String> values = List.of("\"999\"", "W/\"1\"", "xyz", "\"abc\"", "\"1\"x", "\"\"", "\"-1\"",
				"\"99999999999999999999\"", "\"1.0\"", "\"0x1\"", "\"1 \"", "' OR '1'='1",
				"\"" + "9".repeat(5_000) + "\"", String.join(", ", Collections.nCopies(300, "\"7\"")));
		for (String route : List.of(PATCH_TASK, DELETE_TASK)) {
			for (String value : values) {
				add(from(route, "If-Match: " + abbreviate(value)).replace("If-Match", value));
			}
			add(from(route, "two If-Match headers, neither current").replace("If-Match", "\"998\"")
				.header("If-Match", "\"999\""));
		}
	}

	private void idempotencyKeys() {
		List<String> values = List.of("", " ", "a b", "k".repeat(256), "'; DROP TABLE idempotency_keys; --", "key\tkey",
				"../../etc/passwd key", "key\u007F");
		for (String route : List.of(CREATE, BATCH)) {
			for (String value : values) {
				add(from(route, "Idempotency-Key: " + abbreviate(value)).header("Idempotency-Key", value));
			}
			add(from(route, "Idempotency-Key with non-ASCII bytes").header("Idempotency-Key",
					new byte[] { 'k', (byte) 0xC3, (byte) 0xA9 }));
			add(from(route, "Idempotency-Key with invalid UTF-8").header("Idempotency-Key",
					new byte[] { 'k', (byte) 0xFF }));
			add(from(route, "two different Idempotency-Keys").header("Idempotency-Key", "one")
				.header("Idempotency-Key", "two"));
			add(from(route, "the same Idempotency-Key twice").header("Idempotency-Key", "same")
				.header("Idempotency-Key", "same"));
		}
	}

	private void lastEventIds() {
		List<String> values = List.of("abc", "-1", "1.5", "99999999999999999999", "1' OR '1'='1", "0x10", "1 2", "+1",
				"1e3", "null", "\u00001", "../../etc/passwd", "9".repeat(3_000));
		for (String value : values) {
			add(from(FEED, "Last-Event-ID: " + abbreviate(value)).header("Last-Event-ID", value));
			add(from(FEED, "lastEventId=" + abbreviate(value))
				.target("/api/v1/tasks/events?lastEventId=" + encode(value)));
		}
		add(from(FEED, "Last-Event-ID with non-ASCII digits").header("Last-Event-ID", "\uFF11\uFF12"));
		for (String ticket : List.of("' OR '1'='1", "../../etc/passwd", "x".repeat(3_000), "%00")) {
			add(from(FEED, "ticket=" + abbreviate(ticket) + ", no token").without("Authorization")
				.target("/api/v1/tasks/events?ticket=" + encode(ticket)));
		}
	}

	/**
	 * Odd Accept headers on requests that are refused for another reason: negotiation
	 * must not turn that into a 5xx.
	 */
	private void acceptHeaders() {
		List<String> values = List.of("application/xml", "text/html", "image/png", ";;;", "*/*;q=abc",
				"application/json;q=2", "a/b/c", "", "application/x-ndjson", "text/event-stream",
				"application/problem+xml", "*");
		for (String value : values) {
			add(from(LIST, "Accept: " + abbreviate(value) + " with limit=abc").replace("Accept", value)
				.target("/api/v1/tasks?limit=abc"));
			add(from(CREATE, "Accept: " + abbreviate(value) + " with a bad priority").replace("Accept", value)
				.json("{\"title\":\"x\",\"priority\":\"urgent\"}"));
			add(from(ME, "Accept: " + abbreviate(value) + " without a token").replace("Accept", value)
				.without("Authorization"));
			add(from(FEED, "Accept: " + abbreviate(value) + " with a bad Last-Event-ID").replace("Accept", value)
				.header("Last-Event-ID", "abc"));
			add(from(HEALTH, "Accept: " + abbreviate(value)).replace("Accept", value).expect(Expect.HARMLESS));
		}
	}

	/**
	 * A header that may appear once, sent twice. Different parts of a chain (a proxy, the
	 * security filter, a handler) may each read a different one, so such a request is
	 * refused rather than read one way here.
	 */
	private void duplicateHeaders() {
		add(from(LIST, "two Accepts (a list header, may repeat) with limit=abc").target("/api/v1/tasks?limit=abc")
			.header("Accept", "application/json")
			.header("Accept", ";;;"));
		add(from(CREATE, "two Content-Types").header("Content-Type", "text/plain"));
		add(from(CREATE, "the same Content-Type twice").header("Content-Type", "application/json"));
		add(from(PATCH_TASK, "two Content-Types").header("Content-Type", "application/json"));
		add(from(REGISTER, "two Content-Types").header("Content-Type", "text/plain").json("{\"email\":\"x\"}"));
		add(from(ME, "a valid token, then garbage").header("Authorization", "Bearer x"));
		add(from(ME, "the same valid token twice").header("Authorization", "Bearer " + cast.userToken()));
		add(from(ADMIN_LIST, "an admin token, then a user's").header("Authorization", "Bearer " + cast.userToken()));
		add(from(TICKET, "a valid token, then garbage").header("Authorization", "Bearer x"));
		add(from(FEED, "two Last-Event-IDs, the bad one first").header("Last-Event-ID", "abc")
			.header("Last-Event-ID", "1"));
		add(from(FEED, "two Last-Event-IDs, the bad one last").header("Last-Event-ID", "1")
			.header("Last-Event-ID", "abc"));
		add(from(ME, "two Hosts").withoutDefaultHost().header("Host", "127.0.0.1").header("Host", "evil.example"));
		add(from(CREATE, "two Hosts").withoutDefaultHost().header("Host", "127.0.0.1").header("Host", "evil.example"));
	}

	/**
	 * Framing and syntax errors the HTTP layer itself must refuse; a bare 400 (431, 414)
	 * is a fine answer here.
	 */
	private void malformedHttp() {
		HostileRequest create = valid(CREATE);
		byte[] body = create.body();
		Map<String, HostileRequest> cases = new LinkedHashMap<>();
		cases.put("Content-Length: abc", from(CREATE, "").framing(Framing.AS_GIVEN).header("Content-Length", "abc"));
		cases.put("Content-Length: -1", from(CREATE, "").framing(Framing.AS_GIVEN).header("Content-Length", "-1"));
		cases.put("Content-Length: 1e3", from(CREATE, "").framing(Framing.AS_GIVEN).header("Content-Length", "1e3"));
		cases.put("Content-Length: 99999999999999999999",
				from(CREATE, "").framing(Framing.AS_GIVEN).header("Content-Length", "99999999999999999999"));
		cases.put("two different Content-Lengths",
				from(CREATE, "").framing(Framing.AS_GIVEN)
					.header("Content-Length", Integer.toString(body.length))
					.header("Content-Length", "5"));
		cases.put("Content-Length shorter than the body (truncated JSON)",
				from(CREATE, "").framing(Framing.AS_GIVEN).header("Content-Length", Integer.toString(body.length - 3)));
		cases.put("Content-Length and Transfer-Encoding together",
				from(CREATE, "").framing(Framing.AS_GIVEN)
					.header("Content-Length", "3")
					.header("Transfer-Encoding", "chunked")
					.body(("3\r\n{\"t\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
		cases.put("chunk size not hex",
				from(CREATE, "").framing(Framing.AS_GIVEN)
					.header("Transfer-Encoding", "chunked")
					.body("zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
		cases.put("chunk size overflowing",
				from(CREATE, "").framing(Framing.AS_GIVEN)
					.header("Transfer-Encoding", "chunked")
					.body("ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
		cases.put("Transfer-Encoding: gzip",
				from(CREATE, "").framing(Framing.AS_GIVEN).header("Transfer-Encoding", "gzip"));
		cases.put("invalid UTF-8 in the path", from(ME, "").target("/api/v1/users/\u00FF\u00FEme"));
		cases.put("a space in the path", from(ME, "").target("/api/v1/users/m e"));
		cases.put("a NUL in the path", from(ME, "").target("/api/v1/users/\u0000me"));
		cases.put("a 10,000-character path", from(GET_TASK, "").target("/api/v1/tasks/" + "1".repeat(10_000)));
		cases.put("a 10 KiB Authorization header",
				from(ME, "").replace("Authorization", "Bearer " + "a".repeat(10 * 1024)));
		cases.put("1,000 headers", many(from(ME, "")));
		cases.put("a header name with a space", from(ME, "").header("Bad Header", "x"));
		cases.put("a header value with a NUL", from(ME, "").header("X-Campaign", "a\u0000b"));
		cases.put("a header line without a colon", from(ME, "").header("X-Before", "1\r\nNoColonHere"));
		// A server may unfold an obsolete folded line (RFC 9112, 5.2), so this request is
		// refused for its missing token.
		cases.put("an obsolete folded header", from(ME, "").without("Authorization").header("X-Folded", "a\r\n b"));
		cases.put("a Host that is not a host", from(ME, "").withoutDefaultHost().header("Host", "[::1"));
		cases.put("a Host with a port that is no number",
				from(ME, "").withoutDefaultHost().header("Host", "127.0.0.1:port"));
		cases.put("a lower-case method", from(ME, "").method("get"));
		cases.put("an absolute-form target to another host",
				from(ME, "").target("http://evil.example/api/v1/users/me").without("Authorization"));
		cases.put("an asterisk target", from(ME, "").target("*").method("GET"));
		for (Map.Entry<String, HostileRequest> entry : cases.entrySet()) {
			HostileRequest request = entry.getValue();
			add(request.copy(entry.getKey()).expect(Expect.REFUSED_MAYBE_BARE));
		}
		// Raw non-ASCII bytes in a query are taken as characters (ISO-8859-1) and
		// searched for: a read finding nothing.
		add(from(LIST, "raw non-ASCII bytes in the query").target("/api/v1/tasks?q=\u00FF\u00FE")
			.expect(Expect.HARMLESS));
	}

	private static HostileRequest many(HostileRequest request) {
		for (int i = 0; i < 1000; i++) {
			request.header("X-Campaign-" + i, "x");
		}
		return request;
	}

	// ---- query parameters ----

	static final List<String> PARAMETER_VALUES = parameterValues();

	private static List<String> parameterValues() {
		List<String> values = new ArrayList<>();
		INJECTIONS.forEach(value -> values.add(encode(value)));
		TRAVERSALS.forEach(value -> values.add(encode(value)));
		values.addAll(
				List.of("", "-1", "99999999999999999999", "1e3", "1.5", "%00", "1%00", "%FF%FE", "%C0%AF", "%ED%A0%80",
						"NaN", "1,2", "true%00", "%", "%ZZ", "%E2%82", encode("x".repeat(1_000)), "null", "[]", "{}"));
		return List.copyOf(values);
	}

	private void listParameters() {
		for (String name : List.of("completed", "priority", "minPriority", "dueBefore", "dueAfter", "completedAfter",
				"completedBefore", "sort", "limit", "offset", "count", "cursor")) {
			for (String value : PARAMETER_VALUES) {
				add(from(LIST, name + "=" + abbreviate(value)).target("/api/v1/tasks?" + name + "=" + value));
			}
		}
		// Search text is data: injection strings are searched for, literally, and find
		// nothing of anyone else's.
		for (String value : PARAMETER_VALUES) {
			boolean refused = value.isEmpty() || value.contains("%00") || value.equals("%") || value.equals("%ZZ")
					|| value.length() > 600;
			add(from(LIST, "q=" + abbreviate(value)).target("/api/v1/tasks?q=" + value)
				.expect(refused ? Expect.REFUSED : Expect.HARMLESS));
		}
		// A tag filter that names no tag of the caller's finds nothing; one that cannot
		// be a tag is refused.
		for (String value : PARAMETER_VALUES) {
			add(from(LIST, "tags=" + abbreviate(value)).target("/api/v1/tasks?tags=" + value)
				.expect(surelyNoTag(value) ? Expect.REFUSED : Expect.HARMLESS));
		}
		add(from(LIST, "query &&&, which holds no parameter").target("/api/v1/tasks?&&&").expect(Expect.HARMLESS));
		List<String> structure = List.of("limit=1&limit=2", "limit", "limit=", "=1", "?", "limit=5&offset=1&cursor=x",
				encode(INJECTIONS.getFirst()) + "=1", "limit=5;DROP", "sort=title,asc,desc", "sort=TITLE",
				"sort=title,ASC", "sort=" + encode("title; DROP TABLE tasks"),
				"cursor=" + cursor("{\"sort\":\"createdAt,desc\",\"key\":\"' OR 1=1\",\"id\":1}"),
				"sort=title&cursor=" + cursor("{\"sort\":\"title,asc\",\"key\":{\"$gt\":\"\"},\"id\":1}"),
				"cursor=" + cursor("{\"sort\":\"createdAt,desc\",\"key\":\"2026-01-01T00:00:00Z\",\"id\":1e30}"),
				"cursor=" + cursor(
						"{\"sort\":\"createdAt,desc\",\"key\":\"2026-01-01T00:00:00Z\",\"id\":\"1; DROP TABLE tasks\"}"),
				"cursor=" + cursor("[" + DEEP_ARRAYS.substring(0, 1_000) + "]"),
				"sort=priority&cursor=" + cursor("{\"sort\":\"priority,asc\",\"key\":\"urgent\",\"id\":1}"),
				// Parameters of the bulk routes only, and bad tag and completion filters.
				"ids=1", "all=true", "tags=a,,b",
				"tags=" + IntStream.range(0, 21).mapToObj(i -> "t" + i).collect(Collectors.joining(",")),
				"tags=" + "x".repeat(41), "tags=a%07b", "completedAfter=2030-01-01",
				"completedBefore=2030-01-01T00:00:00", "sort=completedAt,sideways",
				"sort=completedAt&cursor=" + cursor("{\"sort\":\"completedAt,asc\",\"key\":\"soon\",\"id\":1}"),
				"sort=completedAt&cursor=" + cursor("{\"sort\":\"completedAt,asc\",\"key\":5,\"id\":1}"));
		for (String query : structure) {
			add(from(LIST, "query " + abbreviate(query)).target("/api/v1/tasks?" + query));
		}
		add(from(LIST, "limit=1000 as an NDJSON stream").target("/api/v1/tasks?limit=1000")
			.replace("Accept", "application/x-ndjson"));
		add(from(LIST, "offset with an NDJSON stream").target("/api/v1/tasks?offset=1")
			.replace("Accept", "application/x-ndjson"));
		for (String name : List.of("limit", "offset")) {
			for (String value : PARAMETER_VALUES) {
				add(from(ADMIN_LIST, name + "=" + abbreviate(value))
					.target("/api/v1/admin/users?" + name + "=" + value));
			}
		}
		for (String value : PARAMETER_VALUES) {
			add(from(TAGS, "limit=" + abbreviate(value)).target("/api/v1/tags?limit=" + value));
		}
		for (String query : List.of("limit=0", "limit=1001", "limit=1&limit=1", "limit", "limit=", "sort=name",
				"tags=work")) {
			add(from(TAGS, "query " + query).target("/api/v1/tags?" + query));
		}
	}

	/**
	 * Values that cannot be a tag filter whatever a decoder makes of them: empty, a NUL,
	 * broken escapes, too long.
	 */
	private static boolean surelyNoTag(String value) {
		return value.isEmpty() || value.contains("%00") || value.equals("%") || value.equals("%ZZ")
				|| value.length() > 600;
	}

	/**
	 * The bulk routes' filters with every catalog value. A value that is a valid filter
	 * would make the request a write, so: a filter with no valid value in the catalog is
	 * sent alone (and must be refused for its value); {@code ids} is sent with
	 * {@code all=maybe}, refused either for the ids or for that; a tag filter, which many
	 * catalog strings are, names no tag of the attacker's and so changes nothing.
	 */
	private void bulkParameters() {
		for (String route : List.of(BULK_PATCH, BULK_DELETE)) {
			for (String name : List.of("completed", "priority", "minPriority", "dueBefore", "dueAfter",
					"completedAfter", "completedBefore", "all")) {
				for (String value : PARAMETER_VALUES) {
					add(from(route, name + "=" + abbreviate(value)).target("/api/v1/tasks?" + name + "=" + value));
				}
			}
			for (String value : PARAMETER_VALUES) {
				add(from(route, "ids=" + abbreviate(value) + "&all=maybe")
					.target("/api/v1/tasks?ids=" + value + "&all=maybe"));
				add(from(route, "tags=" + abbreviate(value)).target("/api/v1/tasks?tags=" + value)
					.expect(surelyNoTag(value) ? Expect.REFUSED : Expect.HARMLESS));
			}
			String thousandAndOneIds = LongStream.rangeClosed(1, 1001)
				.mapToObj(Long::toString)
				.collect(Collectors.joining(","));
			List<String> queries = List.of("", "all=false", "all=TRUE", "all=1", "all=yes", "all", "all=",
					"all=true&all=true", "all=true&sort=title", "all=true&limit=1000", "all=true&offset=1",
					"all=true&cursor=x", "all=true&count=exact", "all=true&q=", "ids=" + thousandAndOneIds, "ids=1,,2",
					"ids=,", "ids=1;2", "ids=1%202", "ids=0x1", "ids=+1", "ids=1.0", "ids=" + "9".repeat(19),
					"ids=" + encode("1) OR (1=1"), "ids=" + encode(cast.ownTask() + " OR 1=1"),
					"ids=" + cast.ownTask() + "&ids=" + cast.ownTask(), "ids=" + cast.victimTask() + "&all=nope",
					"tags=a,,b", "tags=" + "x".repeat(41), "tags=a%07b", "tags=,",
					"tags=" + IntStream.range(0, 21).mapToObj(i -> "t" + i).collect(Collectors.joining(",")),
					"completedAfter=2030-01-01", "completedBefore=yesterday", "completedAfter=2030-01-01T00:00:00",
					"completed=true&completed=false", "ids=" + cast.ownTask() + "&userId=" + cast.victimId(),
					"ids=" + cast.ownTask() + "&user_id=" + cast.victimId());
			for (String query : queries) {
				add(from(route, "query " + abbreviate(query))
					.target("/api/v1/tasks" + (query.isEmpty() ? "" : "?" + query)));
			}
		}
	}

	/**
	 * Routes that take no parameters refuse any; those that ignore them must still answer
	 * without a 5xx.
	 */
	private void otherParameters() {
		List<String> queries = List.of(encode(INJECTIONS.get(2)) + "=1", "id=" + encode(INJECTIONS.getFirst()),
				"file=" + encode(TRAVERSALS.getFirst()), "%00=%00", "a=%FF");
		for (String route : List.of(CREATE, BATCH, STATS, GET_TASK, PATCH_TASK, DELETE_TASK, BULK_PATCH, BULK_DELETE,
				TAGS, ADMIN_LIST)) {
			for (String query : queries) {
				HostileRequest valid = valid(route);
				String path = pathOf(valid);
				add(from(route, "query " + abbreviate(query)).target(path + "?" + query));
			}
		}
		for (String route : List.of(ME, HEALTH, HEALTH_DB, HEALTH_POOL, ACTUATOR_HEALTH, LIVENESS, READINESS,
				PROMETHEUS, API_DOCS, DOCS, WATCH_PAGE)) {
			for (String query : queries) {
				add(from(route, "query " + abbreviate(query)).target(pathOf(valid(route)) + "?" + query)
					.expect(Expect.HARMLESS));
			}
		}
		for (String route : List.of(REGISTER, LOGIN)) {
			for (String query : queries) {
				// The body is refused, so the request as a whole is, whatever the
				// parameters do.
				add(from(route, "query " + abbreviate(query) + " with a body that is refused")
					.target(pathOf(valid(route)) + "?" + query)
					.json("{\"login\":null,\"email\":null}"));
			}
		}
	}

	// ---- paths ----

	static final List<String> BAD_IDS = List.of("0", "-1", "99999999999999999999", "9223372036854775807",
			"9223372036854775808", "abc", "1.5", "1e3", "%00", "1%00", "..", "%2e%2e", "..%2f..%2fusers%2fme",
			"1%20OR%201=1", "0x1", "+1", "1%20", "%27%20OR%20%271%27=%271", "{id}", "", "1;drop", "%FF", "%C0%AF",
			"1/../../users/me", "1%2F..%2F..%2Fadmin%2Fusers");

	private void ids() {
		for (String route : List.of(GET_TASK, PATCH_TASK, DELETE_TASK)) {
			add(from(route, "another user's task").target("/api/v1/tasks/" + cast.victimTask()));
			for (String id : BAD_IDS) {
				add(from(route, "id " + abbreviate(id)).target("/api/v1/tasks/" + id));
			}
		}
		for (String id : BAD_IDS) {
			add(from(ADMIN_PATCH, "id " + abbreviate(id)).target("/api/v1/admin/users/" + id));
		}
		add(from(ADMIN_PATCH, "the admin deactivating themselves").target("/api/v1/admin/users/" + cast.adminId()));
		add(from(ADMIN_PATCH, "the admin demoting themselves").target("/api/v1/admin/users/" + cast.adminId())
			.json("{\"role\":\"user\"}"));
	}

	private void traversals() {
		List<String> suffixes = List.of("/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
				"/../../../etc/passwd", "/..;/..;/admin/users", "%00", "/.%00./", "//", "/%5c..%5c..%5cwin.ini");
		for (String route : ROUTES) {
			if (route.equals(WATCH_PAGE)) {
				continue;
			}
			HostileRequest valid = valid(route);
			String path = pathOf(valid);
			for (String suffix : suffixes) {
				add(from(route, "path + " + suffix).target(path + suffix));
			}
		}
		List<String> probes = List.of("/actuator/env", "/actuator/heapdump", "/actuator/threaddump",
				"/actuator/configprops", "/actuator/beans", "/actuator/loggers", "/actuator/mappings",
				"/actuator/shutdown", "/.env", "/.git/config", "/application.yaml", "/WEB-INF/web.xml",
				"/static/../application.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/..%252f..%252fetc%252fpasswd",
				"/index.html%00.json", "/webjars/../../../etc/passwd", "/docs/..;/actuator/env",
				"/v3/api-docs/..%2f..%2fapplication.yaml", "/api/v1/../../etc/passwd",
				"/api/v1/users/me/../../admin/users", "/api//v1/admin/users", "/api/v1/admin/users/",
				"/API/V1/ADMIN/USERS");
		for (String probe : probes) {
			add(from(WATCH_PAGE, "probe " + probe).target(probe));
			add(from(ME, "probe " + probe + " as a user").target(probe));
		}
	}

	// ---- small helpers ----

	private static Map<String, String> ordered(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	static String object(Map<String, String> fields) {
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name,
				value) -> json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':').append(value));
		return json.append('}').toString();
	}

	/**
	 * A JSON string; everything outside printable ASCII is escaped, so the text is
	 * exactly what is sent.
	 */
	static String quote(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7E) {
				json.append(String.format("\\u%04X", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String cursor(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String abbreviate(String text) {
		String flat = text.replace("\u0000", "\\0").replace("\n", "\\n").replace("\r", "\\r");
		return flat.length() <= 40 ? flat : flat.substring(0, 37) + "… (" + text.length() + " chars)";
	}

}
