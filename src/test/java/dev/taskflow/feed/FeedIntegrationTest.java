package dev.taskflow.feed;

import dev.taskflow.db.NotificationListener;
import dev.taskflow.security.UserStatus;
import dev.taskflow.security.UserStatusLookup;
import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TaskBatches;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live feed's guarantees, independent of which API call produced the change: order,
 * exactly-once delivery, resume at the seam, several instances, a lost listener,
 * retention. How writes record their events (one statement, the user's lock, nothing on
 * rollback) is specified in {@code task/TaskEventsIntegrationTest}.
 */
class FeedIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	@Test
	void committedChangesArriveLiveInOrder() {
		TestUser user = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, user.token())) {
			write(server, user, "one", "two", "three");

			List<ServerSentEvent<String>> events = feed.awaitEvents(3);

			assertThat(events).extracting(ServerSentEvent::event).containsOnly(TaskEvent.CREATED);
			assertThat(events).extracting(FeedIntegrationTest::title).containsExactly("one", "two", "three");
			assertThat(ids(events)).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void aClientSeesOnlyItsOwnUsersEvents() {
		TestUser alice = TestUsers.create(database);
		TestUser bob = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, alice.token())) {
			write(server, bob, "bob's");
			write(server, alice, "alice's");

			assertThat(feed.awaitEvents(1)).extracting(FeedIntegrationTest::title).containsExactly("alice's");
			feed.assertNoEventWithin(Duration.ofMillis(500));
		}
	}

	@Test
	void resumingWithLastEventIdReplaysWhatWasMissedThenContinuesLiveWithoutGapOrDuplicate() {
		TestUser user = TestUsers.create(database);
		List<Long> written = write(server, user, "a", "b", "c", "d", "e");

		try (FeedClient feed = FeedClient.connect(server, user.token(), written.get(1))) {
			List<Long> later = write(server, user, "f", "g");

			List<ServerSentEvent<String>> events = feed.awaitEvents(5);
			assertThat(events).extracting(FeedIntegrationTest::title).containsExactly("c", "d", "e", "f", "g");
			assertThat(ids(events)).containsExactly(written.get(2), written.get(3), written.get(4), later.get(0),
					later.get(1));
			feed.assertNoEventWithin(Duration.ofMillis(300));
		}
	}

	@Test
	void anEventCommittedThroughOneInstanceReachesSubscribersOfAnother() {
		TestUser user = TestUsers.create(database);
		try (TestServer other = TestServer.start(Map.of()); FeedClient feed = FeedClient.connect(other, user.token())) {
			write(server, user, "from instance A");

			assertThat(feed.awaitEvents(1)).extracting(FeedIntegrationTest::title).containsExactly("from instance A");
		}
	}

	@Test
	void subscribersReceiveEveryEventWhenTheListenConnectionIsKilled() {
		TestUser user = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, user.token())) {
			write(server, user, "before");
			assertThat(feed.awaitEvents(1)).hasSize(1);

			killListenSession();
			write(server, user, "during 1", "during 2");
			write(server, user, "after");

			assertThat(feed.awaitEvents(3)).extracting(FeedIntegrationTest::title)
				.containsExactly("during 1", "during 2", "after");
		}
	}

	@Test
	void anEventWhoseNotifyWasLostStillArrivesWithinSeconds() {
		TestUser user = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, user.token())) {
			write(server, user, "notified");
			assertThat(feed.awaitEvents(1)).hasSize(1);

			// Committed like a write whose instance stopped before it could send the
			// NOTIFY (and in the format
			// of events written before 007, which keep their rendered payload).
			database.execute("INSERT INTO task_events (user_id, task_id, type, payload) VALUES (" + user.id()
					+ ", 1, 'task.created', '{\"title\": \"never notified\"}')");

			// The catch-up round runs every 5 s; 15 s leaves room for a busy machine.
			assertThat(feed.awaitEvents(1, Duration.ofSeconds(15))).extracting(FeedIntegrationTest::title)
				.containsExactly("never notified");
		}
	}

	@Test
	void theNotifyStatementsAndTheUsersTheyAnnounceAreCountedForOperators() throws InterruptedException {
		MeterRegistry meters = server.bean(MeterRegistry.class);
		Counter statements = meters.counter("taskflow.feed.notify.statements");
		Counter users = meters.counter("taskflow.feed.notify.users");
		double statementsBefore = statements.count();
		double usersBefore = users.count();

		write(server, TestUsers.create(database), "announced");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (users.count() == usersBefore && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		double sent = statements.count() - statementsBefore;
		assertThat(users.count() - usersBefore).isGreaterThanOrEqualTo(1);
		assertThat(sent).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(users.count() - usersBefore);
	}

	@Test
	void theLiveReadsAndTheEventsTheyFindAreCountedForOperators() throws Exception {
		MeterRegistry meters = server.bean(MeterRegistry.class);
		Counter reads = meters.counter("taskflow.feed.reads");
		Counter events = meters.counter("taskflow.feed.reads.events");
		TestUser user = TestUsers.create(database);
		try (FeedClient feed = FeedClient.connect(server, user.token())) {
			// Once an event has arrived the stream has joined its live channel; before
			// that, events written are
			// replayed from the table, not read live.
			write(server, user, "joined");
			feed.awaitEvents(1);
			double readsBefore = reads.count();
			double eventsBefore = events.count();

			write(server, user, "counted 1", "counted 2", "counted 3");
			feed.awaitEvents(3);

			// Other tests' streams may be read meanwhile: at least this user's three
			// events, in at least one read.
			assertThat(reads.count() - readsBefore).isGreaterThanOrEqualTo(1);
			assertThat(events.count() - eventsBefore).isGreaterThanOrEqualTo(3);
		}
	}

	@Test
	void aRevokedTokensStreamEndsAndCannotBeReopened() throws InterruptedException {
		TestUser user;
		try (JoinedStreams streams = joinedStreams()) {
			user = streams.user();
			database.execute("UPDATE users SET token_version = token_version + 1 WHERE id = " + user.id());

			assertThat(streams.feed().endsWithin(Duration.ofSeconds(5))).as("the revoked token's stream ended")
				.isTrue();
			assertThat(streams.untouched().ended()).isFalse();
		}
		server.client()
			.get()
			.uri("/api/v1/tasks/events")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aStatusChangeUnheardWhileTheListenSessionWasDownEndsTheStreamWhenItIsBack() throws InterruptedException {
		try (JoinedStreams streams = joinedStreams()) {
			// Committed without its NOTIFY, as a change made while this instance was not
			// listening goes unheard.
			database.execute("BEGIN; ALTER TABLE users DISABLE TRIGGER users_status_changed; "
					+ "UPDATE users SET token_version = token_version + 1 WHERE id = " + streams.user().id() + "; "
					+ "ALTER TABLE users ENABLE TRIGGER users_status_changed; COMMIT");
			Thread.sleep(1000);
			assertThat(streams.feed().ended()).as("nothing announced the change yet").isFalse();

			killListenSession();

			assertThat(streams.feed().endsWithin(Duration.ofSeconds(15)))
				.as("the stream opened under the old token version ended")
				.isTrue();
			assertThat(streams.untouched().ended()).isFalse();
		}
	}

	@Test
	void aStreamOpenedUnderAStatusThatChangedBeforeItJoinedEndsAsItJoins() {
		TestUser user = TestUsers.create(database);
		FeedHub hub = server.bean(FeedHub.class);
		UserStatus current = server.bean(UserStatusLookup.class).findActive(user.id()).block(Duration.ofSeconds(10));
		assertThat(current).isNotNull();
		// Authenticated just before a password change moved the token version on, whose
		// announcement came before
		// the stream joined its channel: only the join's own check is left to end it.
		UserStatus before = new UserStatus(current.user(), current.tokenVersion() - 1);

		StepVerifier.create(hub.follow(before, 0)).expectComplete().verify(Duration.ofSeconds(10));
		StepVerifier.create(hub.follow(current, 0))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(500))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void resumingFromBeforeTheRetentionWindowSendsReset() {
		TestUser user = TestUsers.create(database);
		List<Long> old = write(server, user, "old 1", "old 2");
		database
			.execute("UPDATE task_events SET created_at = now() - interval '400 hours' WHERE user_id = " + user.id());
		assertThat(server.bean(FeedMaintenance.class).pruneNow().block(Duration.ofSeconds(30)))
			.isGreaterThanOrEqualTo(2);

		try (FeedClient feed = FeedClient.connect(server, user.token(), old.get(0) - 1)) {
			assertThat(feed.awaitEvents(1)).extracting(ServerSentEvent::event).containsExactly("reset");
			write(server, user, "new");
			assertThat(feed.awaitEvents(1)).extracting(FeedIntegrationTest::title).containsExactly("new");
		}
	}

	@Test
	void heartbeatsKeepAnIdleStreamAlive() {
		TestUser user = TestUsers.create(database);
		try (TestServer quick = TestServer.start(Map.of("FEED_HEARTBEAT_SECONDS", "1"));
				FeedClient feed = FeedClient.connect(quick, user.token())) {
			assertThat(feed.awaitComment("heartbeat")).isNotNull();
			assertThat(feed.awaitComment("heartbeat")).isNotNull();
		}
	}

	@Test
	void aMalformedLastEventIdIsABadRequest() {
		TestUser user = TestUsers.create(database);
		server.client()
			.get()
			.uri("/api/v1/tasks/events")
			.header("Authorization", user.bearer())
			.header("Last-Event-ID", "drop table")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json");
	}

	/** Creates tasks titled {@code titles} through the API; returns their events' ids. */
	static List<Long> write(TestServer target, TestUser user, String... titles) {
		TaskBatches.create(target, user, Arrays.stream(titles).map(title -> Map.of("title", title)).toList());
		List<Long> all = eventIdsOf(user);
		return all.subList(all.size() - titles.length, all.size());
	}

	private static String title(ServerSentEvent<String> event) {
		return JSON.readTree(event.data()).get("title").stringValue();
	}

	private static List<Long> ids(List<ServerSentEvent<String>> events) {
		return events.stream().map(event -> Long.parseLong(event.id())).toList();
	}

	private static List<Long> eventIdsOf(TestUser user) {
		try (var connection = TestDatabase.main().connect();
				var result = connection.createStatement()
					.executeQuery("SELECT id FROM task_events WHERE user_id = " + user.id() + " ORDER BY id")) {
			var ids = new java.util.ArrayList<Long>();
			while (result.next()) {
				ids.add(result.getLong(1));
			}
			return ids;
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Two users' streams, the first one's joined to its live channel (it has received an
	 * event).
	 */
	private JoinedStreams joinedStreams() {
		TestUser user = TestUsers.create(database);
		TestUser other = TestUsers.create(database);
		FeedClient feed = FeedClient.connect(server, user.token());
		FeedClient untouched = FeedClient.connect(server, other.token());
		JoinedStreams streams = new JoinedStreams(user, feed, untouched);
		try {
			write(server, user, "before");
			feed.awaitEvents(1);
			return streams;
		}
		catch (RuntimeException | AssertionError e) {
			streams.close();
			throw e;
		}
	}

	private record JoinedStreams(TestUser user, FeedClient feed, FeedClient untouched) implements AutoCloseable {

		@Override
		public void close() {
			feed.close();
			untouched.close();
		}
	}

	private void killListenSession() {
		long killed = database
			.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity " + "WHERE application_name = '"
					+ NotificationListener.APPLICATION_NAME + "' AND datname = current_database()");
		assertThat(killed).as("listen sessions killed").isPositive();
	}

}
