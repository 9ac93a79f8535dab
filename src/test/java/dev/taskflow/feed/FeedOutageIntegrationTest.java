package dev.taskflow.feed;

import dev.taskflow.db.NotificationListener;
import dev.taskflow.support.FeedClient;
import dev.taskflow.support.LocalServices;
import dev.taskflow.support.TaskBatches;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed when its two paths to the database fail apart: the listening session is
 * direct, the lookups pooled. Runs on a private cluster and PgBouncer, which it stops and
 * starts.
 */
class FeedOutageIntegrationTest {

	private static final TestDatabase database = LocalServices.database();

	private static TestServer server;

	@BeforeAll
	static void startServerOnPrivateServices() {
		LocalServices.start();
		server = TestServer.start(database, Map.of("DB_POOL_TIMEOUT", "5"));
	}

	@AfterAll
	static void restoreServices() {
		LocalServices.restoreAndClose(server);
	}

	@Test
	void aStatusChangeUnheardWhileTheListenerWasDownIsCheckedOnceThePoolerIsBackToo() throws InterruptedException {
		TestUser user = TestUsers.create(database);
		TestUser other = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, user.token());
				FeedClient untouched = FeedClient.connect(server, other.token())) {
			TaskBatches.create(server, user, List.of(Map.of("title", "joined")));
			feed.awaitEvents(1);
			// Committed without its NOTIFY, as a change made while this instance was not
			// listening goes unheard.
			database.execute("BEGIN; ALTER TABLE users DISABLE TRIGGER users_status_changed; "
					+ "UPDATE users SET token_version = token_version + 1 WHERE id = " + user.id() + "; "
					+ "ALTER TABLE users ENABLE TRIGGER users_status_changed; COMMIT");

			LocalServices.stopPgBouncer();
			try {
				awaitListeningAgain(killListenSession());
				// The listener is back over the direct path; its re-check of the streams'
				// users, pooled, fails.
				Thread.sleep(1500);
				assertThat(feed.ended()).as("a failed re-check ends nothing by itself").isFalse();
			}
			finally {
				LocalServices.startPgBouncer();
			}

			assertThat(feed.endsWithin(Duration.ofSeconds(30)))
				.as("the stream opened under the old token version ended once the pooler was back")
				.isTrue();
			assertThat(untouched.ended()).isFalse();
		}
	}

	/** Returns the killed session's process id. */
	private static long killListenSession() {
		long pid = database.count(
				"SELECT pid FROM pg_stat_activity WHERE application_name = ? " + "AND datname = current_database()",
				NotificationListener.APPLICATION_NAME);
		assertThat(database.count("SELECT count(pg_terminate_backend(?))", (int) pid)).as("listen sessions killed")
			.isOne();
		return pid;
	}

	/** The listener reconnects with backoff from 250 ms; bounded to 15 s. */
	private static void awaitListeningAgain(long killedPid) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		long sessions = 0;
		while (System.nanoTime() < deadline) {
			sessions = database.count(
					"SELECT count(*) FROM pg_stat_activity WHERE application_name = ? "
							+ "AND datname = current_database() AND pid <> ?",
					NotificationListener.APPLICATION_NAME, (int) killedPid);
			if (sessions > 0) {
				return;
			}
			Thread.sleep(100);
		}
		assertThat(sessions).as("listen sessions after the kill").isPositive();
	}

}
