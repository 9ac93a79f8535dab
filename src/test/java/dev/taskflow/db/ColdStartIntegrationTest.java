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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compute waking up, as Neon's does after scaling to zero: the database first refuses
 * connections, then answers "the database system is starting up" (57P03) for a while,
 * then serves. A server started meanwhile waits and then migrates; a server already
 * running answers 503 with Retry-After until the database serves, never 500 and never a
 * hang. Runs on the private cluster and PgBouncer; {@link StartingPostgres} holds the
 * starting state on its port.
 */
class ColdStartIntegrationTest {

	private static final Duration POOL_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * What a request may take beyond DB_POOL_TIMEOUT: scheduling on a busy two-core
	 * machine, not another wait.
	 */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	@BeforeAll
	static void startServices() {
		LocalServices.start();
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(null);
	}

	@Test
	void aServerStartedWhileTheDatabaseSleepsStartsOnceItWakesAndMigratesIt() throws Exception {
		TestDatabase database = LocalServices.createDatabase();
		CompletableFuture<TestServer> starting = new CompletableFuture<>();
		try {
			LocalServices.stopPostgres();
			long asleep = System.nanoTime();
			Thread.ofPlatform().name("cold-start").start(() -> {
				try {
					starting.complete(TestServer.start(database, Map.of("DB_STARTUP_TIMEOUT", "60")));
				}
				catch (Throwable e) {
					starting.completeExceptionally(e);
				}
			});
			Thread.sleep(5_000);
			assertThat(starting).as("the server waits while the database refuses connections").isNotDone();

			try (StartingPostgres waking = StartingPostgres.listen(LocalServices.postgresPort())) {
				awaitAnswered(waking, Duration.ofSeconds(15));
				assertThat(starting).as("the server keeps waiting while the database is starting up").isNotDone();
			}
			LocalServices.startPostgres();

			try (TestServer server = starting.get(60, TimeUnit.SECONDS)) {
				assertThat(Duration.ofNanos(System.nanoTime() - asleep)).as("time the server waited")
					.isGreaterThan(Duration.ofSeconds(8));
				assertThat(database.count("SELECT count(*) FROM databasechangelog")).as("changesets applied")
					.isPositive();
				assertThat(database.count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'tasks'"))
					.isOne();
				assertThat(ServerChecks.status(server, "/health/db")).isEqualTo(200);
				assertThat(ServerChecks.status(server, "/actuator/health/readiness")).isEqualTo(200);
				TestUser user = TestUsers.create(database);
				server.client()
					.post()
					.uri("/api/v1/tasks")
					.header("Authorization", user.bearer())
					.header("Content-Type", "application/json")
					.bodyValue("{\"title\":\"after the wake-up\"}")
					.exchange()
					.expectStatus()
					.isCreated();
			}
		}
		finally {
			LocalServices.start();
			// A server that starts late, after a failed assertion, is closed too (closing
			// twice is harmless).
			starting.thenAccept(TestServer::close);
			LocalServices.dropDatabase(database);
		}
	}

	@Test
	void requestsWhileTheDatabaseBehindThePoolerWakesGet503WithRetryAfterNeverAnErrorOrAHang() throws Exception {
		TestDatabase database = LocalServices.database();
		TestUser user = TestUsers.create(database);
		try (TestServer server = TestServer.start(database,
				Map.of("DB_POOL_TIMEOUT", Long.toString(POOL_TIMEOUT.toSeconds())))) {
			long recovered;
			List<Answer> answers;
			List<Long> acknowledged;
			try (BusyClients clients = BusyClients.start(server.baseUrl(), user.bearer(), 2, 2,
					Duration.ofSeconds(30))) {
				Thread.sleep(1_000);
				LocalServices.stopPostgres();
				try (StartingPostgres waking = StartingPostgres.listen(LocalServices.postgresPort())) {
					awaitAnswered(waking, Duration.ofSeconds(15));
					Thread.sleep(1_000);
				}
				LocalServices.startPostgres();
				recovered = ServerChecks.awaitStatus(server, "/health/db", 200, Duration.ofSeconds(40));
				Thread.sleep(2_000);
				clients.close();
				answers = clients.answers();
				acknowledged = clients.acknowledgedIds();
			}

			ServerChecks.assertAnswersAcrossAnOutage("the sleeping database", answers, acknowledged, recovered,
					POOL_TIMEOUT.plus(MARGIN), database);
		}
		finally {
			LocalServices.start();
		}
	}

	/** Until the stand-in has turned a connection away as starting up, bounded. */
	private static void awaitAnswered(StartingPostgres waking, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (waking.answered() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(waking.answered()).as("connections told the database is starting up").isPositive();
	}

}
