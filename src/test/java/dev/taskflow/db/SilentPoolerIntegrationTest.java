package dev.taskflow.db;

import dev.taskflow.db.BusyClients.Answer;
import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PgBouncer frozen with SIGSTOP while writers and readers are busy: its sockets stay open
 * and the kernel keeps accepting connections and data for it, but nothing answers, as
 * when a network path goes dark. Nothing refuses, so only the server's own bounds end the
 * waits: each request gets 503 with Retry-After within DB_POOL_TIMEOUT (the request
 * deadline; DB_STATEMENT_TIMEOUT cannot fire, since the statements never reach
 * PostgreSQL), /health/db says 503 within three seconds, and after SIGCONT everything
 * recovers without a restart, with nothing left behind: no connection held or waiting, no
 * connection the pool lost track of, and every create answered 201 stored. Runs on the
 * private cluster and PgBouncer.
 */
class SilentPoolerIntegrationTest {

	private static final Duration POOL_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static final int POOL_SIZE = 4;

	private static final int MAX_OVERFLOW = 2;

	private static final TestDatabase database = LocalServices.database();

	@BeforeAll
	static void startServices() {
		LocalServices.start();
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(null);
	}

	@Test
	void aFrozenPoolerCostsEachRequestAtMostItsDeadlineAndNothingIsLeftBehindOnceItThaws() throws Exception {
		TestUser user = TestUsers.create(database);
		try (TestServer server = TestServer.start(database,
				Map.of("DB_POOL_TIMEOUT", Long.toString(POOL_TIMEOUT.toSeconds()), "DB_STATEMENT_TIMEOUT",
						Long.toString(POOL_TIMEOUT.toSeconds()), "DB_POOL_SIZE", Integer.toString(POOL_SIZE),
						"DB_MAX_OVERFLOW", Integer.toString(MAX_OVERFLOW)))) {
			survivesAFrozenPooler(server, user);
		}
	}

	private static void survivesAFrozenPooler(TestServer server, TestUser user) throws Exception {
		long thawed;
		long recovered;
		List<Answer> answers;
		List<Long> acknowledged;
		try (BusyClients clients = BusyClients.start(server.baseUrl(), user.bearer(), 3, 3, Duration.ofSeconds(30))) {
			Thread.sleep(1_500);
			LocalServices.pausePgBouncer();
			try {
				Thread.sleep(1_000);
				long asked = System.nanoTime();
				HttpResponse<String> health = ServerChecks.get(server, "/health/db", Duration.ofSeconds(10));
				Duration took = Duration.ofNanos(System.nanoTime() - asked);
				assertThat(health.statusCode()).as("/health/db with the pooler frozen").isEqualTo(503);
				assertThat(took).as("time /health/db took to say so").isLessThan(Duration.ofSeconds(3));
				assertThat(health.body()).contains("\"database\":\"disconnected\"");
				assertThat(ServerChecks.status(server, "/health")).as("liveness").isEqualTo(200);
				// Long enough for every client to wait out a deadline or two, and for new
				// connections to be tried.
				Thread.sleep(2 * POOL_TIMEOUT.toMillis() + 1_000);
			}
			finally {
				LocalServices.resumePgBouncer();
			}
			thawed = System.nanoTime();
			recovered = ServerChecks.awaitStatus(server, "/health/db", 200, Duration.ofSeconds(15));
			Thread.sleep(2_000);
			clients.close();
			answers = clients.answers();
			acknowledged = clients.acknowledgedIds();
		}

		assertThat(Duration.ofNanos(recovered - thawed)).as("time to recover after SIGCONT")
			.isLessThan(Duration.ofSeconds(10));
		ServerChecks.assertAnswersAcrossAnOutage("the frozen pooler", answers, acknowledged, recovered,
				POOL_TIMEOUT.plus(MARGIN), database);

		Map<String, Long> pool = ServerChecks.awaitPoolIdle(server, Duration.ofSeconds(15));
		assertThat(pool.get("size")).as("connections in the pool: %s", pool)
			.isBetween(1L, (long) POOL_SIZE + MAX_OVERFLOW);
		// Every connection PgBouncer holds for this server is one the pool knows: none
		// was opened and then forgotten
		// (an attempt that timed out while the pooler was frozen, say) to linger on both
		// sides.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int clients;
		long size;
		while ((clients = LocalServices.pgBouncerClients(database.name(), "taskflow")
			.size()) > (size = ServerChecks.pool(server).get("size")) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(clients).as("the server's connections to PgBouncer, against the pool's %s", size)
			.isLessThanOrEqualTo((int) size);
	}

	/**
	 * Without a pool each request opens its own connection, and against a frozen pooler
	 * that opening never ends by itself (TCP connects, the startup message is never
	 * answered): the request deadline cancels it, and the attempt must not linger,
	 * neither here nor in PgBouncer once it thaws.
	 */
	@Test
	void withoutAPoolAFrozenPoolerLeavesNoConnectionBehind() throws Exception {
		TestUser user = TestUsers.create(database);
		try (TestServer unpooled = TestServer.start(database, Map.of("DB_POOL_TIMEOUT",
				Long.toString(POOL_TIMEOUT.toSeconds()), "DB_POOL_SIZE", "0", "DB_MAX_OVERFLOW", "0"))) {
			List<Answer> answers;
			try (BusyClients clients = BusyClients.start(unpooled.baseUrl(), user.bearer(), 2, 2,
					Duration.ofSeconds(30))) {
				Thread.sleep(1_000);
				LocalServices.pausePgBouncer();
				try {
					Thread.sleep(POOL_TIMEOUT.toMillis() + 1_500);
				}
				finally {
					LocalServices.resumePgBouncer();
				}
				ServerChecks.awaitStatus(unpooled, "/health/db", 200, Duration.ofSeconds(15));
				clients.close();
				answers = clients.answers();
			}
			assertThat(answers).as("every request ends within DB_POOL_TIMEOUT, with 503 or success")
				.allSatisfy(answer -> {
					assertThat(answer.took()).as("%s", answer).isLessThanOrEqualTo(POOL_TIMEOUT.plus(MARGIN));
					assertThat(answer.status()).as("%s", answer).isIn(200, 201, 503);
				});
			assertThat(answers).filteredOn(answer -> answer.status() == 503)
				.as("the frozen pooler was noticed")
				.isNotEmpty();

			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			List<Map<String, String>> left = LocalServices.pgBouncerClients(database.name(), "taskflow");
			while (!left.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(200);
				left = LocalServices.pgBouncerClients(database.name(), "taskflow");
			}
			assertThat(left).as("connections of the unpooled server PgBouncer still holds once idle").isEmpty();
		}
	}

}
