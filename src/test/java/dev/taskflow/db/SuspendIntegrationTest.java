package dev.taskflow.db;

import dev.taskflow.support.FeedClient;
import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compute suspending while the server is idle, as Neon's does after its inactivity
 * timeout: every backend of the database ends (the feed's LISTEN session among them,
 * terminated over the direct endpoint) and every connection in the server's pool is dead
 * at once. How the server learns that its pooled connections are dead depends on the
 * path:
 * <ul>
 * <li>told: the pooler closes them (PgBouncer's {@code KILL}), and the server sees each
 * close as it happens;</li>
 * <li>not told: something on the way forgets them (a NAT gateway or load balancer after
 * its idle timeout, a proxy whose compute went away, here a {@link ForgetfulPath}), they
 * look open, and the first bytes sent on one get a reset.</li>
 * </ul>
 * Then clients come back:
 * <ul>
 * <li>With {@code DB_POOL_PRE_PING=true} (the default) no request fails either way, the
 * LISTEN session comes back, and the feed loses nothing: live subscribers get the new
 * events, a client resuming with Last-Event-ID gets them all.</li>
 * <li>With {@code DB_POOL_PRE_PING=false}, a connection whose close was seen is skipped
 * all the same, so no request fails; each silently dead one costs one request, a prompt
 * 503 with Retry-After, and then requests succeed.</li>
 * </ul>
 * Runs on the private cluster and PgBouncer.
 */
class SuspendIntegrationTest {

	private static final int POOL_SIZE = 3;

	private static final int PGBOUNCER_PORT = 6442;

	private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"([^\"]*)\"");

	private static final TestDatabase database = LocalServices.database();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startServices() {
		LocalServices.start();
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(null);
	}

	@Test
	void withPrePingTheRequestsAfterASuspendSucceedAndTheFeedLosesNothing() throws Exception {
		TestUser user = TestUsers.create(database);
		try (ForgetfulPath path = ForgetfulPath.to(PGBOUNCER_PORT);
				TestServer server = start(path, "true");
				FeedClient live = FeedClient.connect(server, user.token())) {
			fillThePool(server);
			createTask(server, user, "before 1");
			createTask(server, user, "before 2");
			List<ServerSentEvent<String>> before = live.awaitEvents(2, Duration.ofSeconds(15));
			long listener = listenerPid();

			assertThat(suspendSilently(path)).as("pooled connections the suspend left dead").isEqualTo(POOL_SIZE);

			List<String> after = new ArrayList<>();
			for (int i = 1; i <= 3; i++) {
				HttpResponse<String> created = createTask(server, user, "after " + i);
				assertThat(created.statusCode()).as("create %d after the suspend: %s", i, created.body())
					.isEqualTo(201);
				after.add("after " + i);
				assertThat(list(server, user).statusCode()).as("list %d after the suspend", i).isEqualTo(200);
			}
			awaitListeningAgain(listener);

			assertThat(live.awaitEvents(3, Duration.ofSeconds(20))).extracting(SuspendIntegrationTest::title)
				.as("live events of the writes after the suspend")
				.containsExactlyElementsOf(after);
			try (FeedClient resumed = FeedClient.connect(server, user.token(),
					Long.parseLong(before.getFirst().id()))) {
				assertThat(resumed.awaitEvents(4, Duration.ofSeconds(20))).extracting(SuspendIntegrationTest::title)
					.as("events after the first one, across the suspend")
					.containsExactly("before 2", "after 1", "after 2", "after 3");
			}
		}
	}

	@Test
	void withoutPrePingEachSilentlyDeadConnectionCostsOneRequestAPrompt503() throws Exception {
		TestUser user = TestUsers.create(database);
		try (ForgetfulPath path = ForgetfulPath.to(PGBOUNCER_PORT); TestServer server = start(path, "false")) {
			fillThePool(server);
			int dead = suspendSilently(path);
			assertThat(dead).as("pooled connections the suspend left dead").isEqualTo(POOL_SIZE);

			List<HttpResponse<String>> failed = requestsUntilOneSucceeds(server, user);

			assertThat(failed).as("failed requests: one per dead connection at most, and pre-ping off, not none")
				.hasSizeBetween(1, dead);
			assertThat(failed).allSatisfy(response -> {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			});
			for (int i = 0; i < 2 * POOL_SIZE; i++) {
				assertThat(list(server, user).statusCode()).as("list %d once a request succeeded", i).isEqualTo(200);
			}
		}
	}

	@Test
	void withoutPrePingConnectionsThePoolerClosedCostNoRequest() throws Exception {
		TestUser user = TestUsers.create(database);
		try (ForgetfulPath path = ForgetfulPath.to(PGBOUNCER_PORT); TestServer server = start(path, "false")) {
			fillThePool(server);
			List<String> before = clientPorts();
			LocalServices.pgBouncerAdmin("KILL " + database.name(), "RESUME " + database.name());
			terminateBackends();
			awaitGoneFromPgBouncer(before);
			// The server sees the closes on its event loops a moment later.
			Thread.sleep(200);

			assertThat(requestsUntilOneSucceeds(server, user)).as("failed requests").isEmpty();
		}
	}

	/**
	 * Sends creates and lists in turn until one succeeds (at most one more than the pool
	 * holds); returns the failures.
	 */
	private static List<HttpResponse<String>> requestsUntilOneSucceeds(TestServer server, TestUser user)
			throws Exception {
		List<HttpResponse<String>> failed = new ArrayList<>();
		int attempts = 0;
		HttpResponse<String> answer;
		do {
			long started = System.nanoTime();
			answer = attempts % 2 == 0 ? createTask(server, user, "after " + attempts) : list(server, user);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(took).as("request %d after the suspend (%d)", attempts, answer.statusCode())
				.isLessThan(Duration.ofSeconds(3));
			if (answer.statusCode() >= 300) {
				failed.add(answer);
			}
			attempts++;
		}
		while (answer.statusCode() >= 300 && attempts <= POOL_SIZE + 1);
		assertThat(answer.statusCode()).as("the last of %d requests after the suspend", attempts).isIn(200, 201);
		return failed;
	}

	/** A server whose pooled connections go to PgBouncer through {@code path}. */
	private static TestServer start(ForgetfulPath path, String prePing) {
		return TestServer.start(database,
				Map.of("DATABASE_URL",
						"postgresql://taskflow:taskflow@127.0.0.1:" + path.port() + "/" + database.name(),
						"DB_POOL_SIZE", Integer.toString(POOL_SIZE), "DB_MAX_OVERFLOW", "0", "DB_POOL_PRE_PING",
						prePing, "DB_POOL_TIMEOUT", "5"));
	}

	/**
	 * Opens every connection the pool may hold, and hands them back: the pool is full and
	 * idle, as after a busy spell.
	 */
	private static void fillThePool(TestServer server) {
		ConnectionFactory pool = server.bean(ConnectionFactory.class);
		List<Connection> held = Flux.range(0, POOL_SIZE)
			.concatMap(i -> Mono.<Connection>from(pool.create()))
			.collectList()
			.block(Duration.ofSeconds(10));
		Flux.fromIterable(held).concatMap(Connection::close).blockLast(Duration.ofSeconds(10));
		assertThat(LocalServices.pgBouncerClients(database.name(), "taskflow"))
			.as("the server's connections to PgBouncer")
			.hasSize(POOL_SIZE);
	}

	/**
	 * A suspend the server is not told of: the path forgets the pooled connections, and
	 * every backend of the database is terminated over the direct endpoint. Returns how
	 * many pooled connections were left dead.
	 */
	private static int suspendSilently(ForgetfulPath path) throws InterruptedException {
		List<String> before = clientPorts();
		int dead = path.forgetAll();
		terminateBackends();
		awaitGoneFromPgBouncer(before);
		return dead;
	}

	private static void terminateBackends() {
		// Every backend of the server's role (an administrator's session, a superuser's,
		// is not the server's); the
		// OFFSET keeps the filter from being applied after the termination.
		long terminated = database
			.count("SELECT count(pg_terminate_backend(pid, 5000)) FROM (SELECT pid FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid() OFFSET 0) AS server");
		assertThat(terminated).as("backends terminated, the LISTEN session among them").isPositive();
	}

	private static List<String> clientPorts() {
		return LocalServices.pgBouncerClients(database.name(), "taskflow")
			.stream()
			.map(client -> client.get("port"))
			.toList();
	}

	/**
	 * Until PgBouncer no longer holds any of these connections (the server may open new
	 * ones meanwhile); bounded.
	 */
	private static void awaitGoneFromPgBouncer(List<String> ports) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		List<String> left = clientPorts().stream().filter(ports::contains).toList();
		while (!left.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
			left = clientPorts().stream().filter(ports::contains).toList();
		}
		assertThat(left).as("forgotten connections PgBouncer still holds").isEmpty();
	}

	private static long listenerPid() {
		return database.count(
				"SELECT pid FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()",
				NotificationListener.APPLICATION_NAME);
	}

	/** The listener reconnects with backoff from 250 ms; bounded to 15 s. */
	private static void awaitListeningAgain(long terminatedPid) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		long sessions = 0;
		while (System.nanoTime() < deadline) {
			sessions = database.count(
					"SELECT count(*) FROM pg_stat_activity WHERE application_name = ? "
							+ "AND datname = current_database() AND pid <> ?",
					NotificationListener.APPLICATION_NAME, (int) terminatedPid);
			if (sessions > 0) {
				return;
			}
			Thread.sleep(100);
		}
		assertThat(sessions).as("LISTEN sessions after the suspend").isPositive();
	}

	private static HttpResponse<String> createTask(TestServer server, TestUser user, String title) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", user.bearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> list(TestServer server, TestUser user) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks?limit=5"))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", user.bearer())
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String title(ServerSentEvent<String> event) {
		Matcher title = TITLE.matcher(event.data());
		return title.find() ? title.group(1) : event.data();
	}

}
