package dev.taskflow.feed;

import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * List, then watch, without a gap (issue 19). Other clients keep creating, patching and
 * deleting one user's tasks from several threads while a client of that user, round after
 * round: reads its tasks, opens the feed at the position the read reported, applies the
 * events, and ends with exactly what the database holds.
 * <p>
 * A read from one snapshot (one JSON page, or the NDJSON stream) is held to the strict
 * rule: every event after its position is a change the read does not show yet (a create
 * of a task it lacks, an update to exactly the next version, a delete of a task it
 * holds). Several keyset pages are several snapshots: opened at the first page's position
 * and applied by version, the feed still brings the client to exactly the database's
 * state.
 * <p>
 * Each round ends deterministically: the writers pause, the user's newest event id is
 * read from the database, the client applies events up to it, and its tasks are compared
 * with the database's rows (and with the API's own JSON for them); then the writers
 * resume.
 */
class ListThenWatchIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int WRITERS = 3;

	/**
	 * Writers stop creating at this many tasks (a batch may add a few more), so one page
	 * of 100 holds them all.
	 */
	private static final int MAX_TASKS = 60;

	private static final int ONE_PAGE = 100;

	private static final Duration CATCH_UP = Duration.ofSeconds(30);

	private final TestServer server = TestServer.shared();

	private final FeedHub hub = server.bean(FeedHub.class);

	private final TestDatabase database = TestDatabase.main();

	private final TestUser user = TestUsers.create(database);

	private final WebClient http = WebClient.builder()
		.baseUrl(server.baseUrl())
		.defaultHeader(HttpHeaders.AUTHORIZATION, user.bearer())
		.build();

	private final Writers writers = new Writers();

	/**
	 * Over all rounds: events committed after the read and by the time the feed had
	 * opened (the gap itself).
	 */
	private int eventsInTheGap;

	@AfterEach
	void stopWriters() {
		writers.stop();
	}

	@Test
	void aPageAndTheFeedFromItsPositionShowEveryConcurrentChangeExactlyOnce() {
		seed(30);
		for (int round = 1; round <= 50; round++) {
			writers.resume();
			pauseUpTo(20);
			Read page = readPages(ONE_PAGE, "round " + round);
			assertThat(page.pages()).as("round %d: one page holds every task", round).isEqualTo(1);
			followThenCompare(Replica.strict(page, "round " + round));
		}
		assertThat(eventsInTheGap).as("changes committed between the read and the feed's opening, over all rounds")
			.isPositive();
	}

	@Test
	void theStreamedListAndTheFeedFromItsPositionShowEveryConcurrentChangeExactlyOnce() {
		seed(30);
		for (int round = 1; round <= 20; round++) {
			writers.resume();
			pauseUpTo(20);
			followThenCompare(Replica.strict(readStream(), "stream round " + round));
		}
		assertThat(eventsInTheGap).as("changes committed between the read and the feed's opening, over all rounds")
			.isPositive();
	}

	/**
	 * What a client reading several pages can rely on: the first page's position, and
	 * versions.
	 */
	@Test
	void severalPagesAndTheFeedFromTheFirstPagesPositionConvergeOnTheDatabase() {
		seed(40);
		int multiPageRounds = 0;
		for (int round = 1; round <= 12; round++) {
			writers.resume();
			pauseUpTo(20);
			Read pages = readPages(10, "paged round " + round);
			multiPageRounds += pages.pages() > 1 ? 1 : 0;
			followThenCompare(Replica.byVersion(pages, "paged round " + round));
		}
		assertThat(multiPageRounds).as("rounds that read several pages").isEqualTo(12);
	}

	/**
	 * The heart of every round: open the feed where the read stood, let the writers go on
	 * a little, pause them, apply every event up to the newest committed one, and compare
	 * with the database.
	 */
	private void followThenCompare(Replica replica) {
		int streamsBefore = hub.subscriberCount();
		try (FeedClient feed = FeedClient.connect(server, user.token(), replica.position())) {
			long openedAfter = newestEventId();
			pauseUpTo(150);
			writers.pause();
			long newest = newestEventId();

			replica.applyThrough(feed, newest);
			feed.assertNoEventWithin(Duration.ofMillis(25));
			eventsInTheGap += replica.appliedThrough(openedAfter);
		}
		awaitStreamsAtMost(streamsBefore);
		assertThat(differences(Row.of(replica.tasks()), rowsInDatabase(), "the database"))
			.as("%s: the client's tasks against the database's rows", replica.name())
			.isEmpty();
		assertThat(differences(replica.tasks(), readPages(ONE_PAGE, replica.name() + ", after").tasks(), "the API"))
			.as("%s: the client's tasks against the API's JSON for them", replica.name())
			.isEmpty();
	}

	/** Each task the client holds otherwise than the source does, one line apiece. */
	private static <T> List<String> differences(Map<Long, T> client, Map<Long, T> source, String sourceName) {
		Set<Long> ids = new TreeSet<>(client.keySet());
		ids.addAll(source.keySet());
		List<String> differences = new ArrayList<>();
		for (Long id : ids) {
			if (!Objects.equals(client.get(id), source.get(id))) {
				differences.add("task " + id + ": the client holds " + client.get(id) + ", " + sourceName + " "
						+ source.get(id));
			}
		}
		return differences;
	}

	/**
	 * Every page of the list, {@code limit} at a time through {@code nextCursor}; the
	 * position is the first page's.
	 */
	private Read readPages(int limit, String name) {
		Map<Long, JsonNode> tasks = new HashMap<>();
		Long firstPosition = null;
		long previous = 0;
		String cursor = null;
		int pages = 0;
		do {
			String query = "/api/v1/tasks?count=none&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
			Reply reply = exchange(http.get().uri(query));
			assertThat(reply.status()).as("%s: GET %s", name, query).isEqualTo(200);
			JsonNode page = JSON.readTree(reply.body());
			long position = page.get("feedPosition").longValue();
			assertThat(reply.headers().getFirst(FeedPosition.HEADER)).as("%s: Feed-Position header", name)
				.isEqualTo(Long.toString(position));
			assertThat(position).as("%s: a later page's position", name).isGreaterThanOrEqualTo(previous);
			previous = position;
			firstPosition = firstPosition == null ? position : firstPosition;
			for (JsonNode task : page.get("items")) {
				assertThat(tasks.put(task.get("id").longValue(), task)).as("%s: a task on two pages", name).isNull();
			}
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
			pages++;
		}
		while (cursor != null && pages < 50);
		assertThat(cursor).as("%s: the last page", name).isNull();
		return new Read(tasks, firstPosition, pages);
	}

	/** Every task at once, one per NDJSON line, with the position in its header. */
	private Read readStream() {
		Reply reply = exchange(http.get().uri("/api/v1/tasks").accept(MediaType.APPLICATION_NDJSON));
		assertThat(reply.status()).isEqualTo(200);
		String position = reply.headers().getFirst(FeedPosition.HEADER);
		assertThat(position).as("Feed-Position header").matches("\\d+");
		Map<Long, JsonNode> tasks = new HashMap<>();
		reply.body()
			.lines()
			.filter(line -> !line.isBlank())
			.map(JSON::readTree)
			.forEach(task -> tasks.put(task.get("id").longValue(), task));
		return new Read(tasks, Long.parseLong(position), 1);
	}

	/**
	 * What a read returned: the tasks by id, where to open the feed, and how many pages
	 * it took.
	 */
	private record Read(Map<Long, JsonNode> tasks, long position, int pages) {
	}

	/**
	 * The client's copy of the user's tasks, kept by the feed. Strict: each event must be
	 * a change the copy does not show yet. By version: an event no newer than the task
	 * held is skipped.
	 */
	private static final class Replica {

		private final Map<Long, JsonNode> tasks;

		private final long position;

		private final boolean strict;

		private final String name;

		private final List<Long> applied = new ArrayList<>();

		private long last;

		private Replica(Read read, boolean strict, String name) {
			this.tasks = new HashMap<>(read.tasks());
			this.position = read.position();
			this.last = read.position();
			this.strict = strict;
			this.name = name;
		}

		static Replica strict(Read read, String name) {
			return new Replica(read, true, name);
		}

		static Replica byVersion(Read read, String name) {
			return new Replica(read, false, name);
		}

		long position() {
			return position;
		}

		String name() {
			return name;
		}

		Map<Long, JsonNode> tasks() {
			return tasks;
		}

		/** How many of the events applied have an id up to {@code id}. */
		int appliedThrough(long id) {
			return (int) applied.stream().filter(applied -> applied <= id).count();
		}

		/**
		 * Applies the feed's events until the one with id {@code newest} (the user's
		 * newest) has been applied.
		 */
		void applyThrough(FeedClient feed, long newest) {
			long deadline = System.nanoTime() + CATCH_UP.toNanos();
			while (last < newest) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					fail("%s: applied events through %d of %d within %s", name, last, newest, CATCH_UP);
				}
				apply(feed.awaitEvents(1, Duration.ofNanos(left)).getFirst());
			}
			assertThat(last).as("%s: the last event applied is the user's newest", name).isEqualTo(newest);
		}

		private void apply(ServerSentEvent<String> event) {
			long eventId = Long.parseLong(event.id());
			assertThat(eventId).as("%s: event ids grow, from after the read's position %d: %s", name, position, event)
				.isGreaterThan(last);
			last = eventId;
			applied.add(eventId);
			JsonNode data = JSON.readTree(event.data());
			long id = data.get("id").longValue();
			JsonNode held = tasks.get(id);
			String what = name + ": " + event.event() + " " + event.data() + " (event " + eventId
					+ "), the client holding " + held;
			switch (event.event()) {
				case TaskEvent.CREATED, TaskEvent.UPDATED -> {
					if (strict && event.event().equals(TaskEvent.CREATED)) {
						assertThat(held).as("%s: a created task the read did not show", what).isNull();
						assertThat(version(data)).as(what).isEqualTo(1);
					}
					else if (strict) {
						assertThat(held).as("%s: an update to a task the client holds", what).isNotNull();
						assertThat(version(data)).as("%s: exactly the next version", what).isEqualTo(version(held) + 1);
					}
					if (held == null || version(data) > version(held)) {
						tasks.put(id, data);
					}
				}
				case TaskEvent.DELETED -> {
					if (strict) {
						assertThat(held).as("%s: a deleted task the client holds", what).isNotNull();
					}
					tasks.remove(id);
				}
				default -> fail("%s: an event no client of this feed expects here", what);
			}
		}

		private static long version(JsonNode task) {
			return task.get("version").longValue();
		}

	}

	/** A task as the database holds it: what the client's copy must match. */
	private record Row(long version, String title, boolean completed) {

		static Map<Long, Row> of(Map<Long, JsonNode> tasks) {
			Map<Long, Row> rows = new HashMap<>();
			tasks.forEach((id, task) -> rows.put(id, new Row(task.get("version").longValue(),
					task.get("title").stringValue(), task.get("completed").booleanValue())));
			return rows;
		}
	}

	private Map<Long, Row> rowsInDatabase() {
		try (Connection connection = database.connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT id, version, title, completed FROM tasks WHERE user_id = ?")) {
			statement.setLong(1, user.id());
			Map<Long, Row> rows = new HashMap<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.put(result.getLong(1), new Row(result.getLong(2), result.getString(3), result.getBoolean(4)));
				}
			}
			return rows;
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The server ends a stream whose client has gone; waiting for it here, while nothing
	 * else runs, also keeps its teardown from overlapping the next round's requests.
	 */
	private void awaitStreamsAtMost(int streams) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (hub.subscriberCount() > streams && System.nanoTime() < deadline) {
			sleep(10);
		}
		assertThat(hub.subscriberCount()).as("streams open once the client has closed its own")
			.isLessThanOrEqualTo(streams);
	}

	/** The user's newest event as the database holds it now. */
	private long newestEventId() {
		return database.count("SELECT coalesce(max(id), 0) FROM task_events WHERE user_id = ?", user.id());
	}

	private void seed(int count) {
		StringBuilder batch = new StringBuilder("{\"tasks\":[");
		for (int i = 0; i < count; i++) {
			batch.append(i == 0 ? "" : ",").append("{\"title\":\"seed ").append(i).append("\"}");
		}
		Reply reply = exchange(http.post()
			.uri("/api/v1/tasks/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch.append("]}").toString()));
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		JSON.readTree(reply.body()).get("items").forEach(task -> writers.live.add(task.get("id").longValue()));
	}

	private static void pauseUpTo(int millis) {
		sleep(ThreadLocalRandom.current().nextInt(millis + 1));
	}

	private static void sleep(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private record Reply(int status, HttpHeaders headers, String body) {
	}

	private static Reply exchange(WebClient.RequestHeadersSpec<?> request) {
		return request
			.exchangeToMono(response -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map(body -> new Reply(response.statusCode().value(), response.headers().asHttpHeaders(), body)))
			.block(Duration.ofSeconds(30));
	}

	/**
	 * Other clients of the same user: {@link #WRITERS} threads creating (one task or a
	 * batch of two), patching and deleting at random through the API, as fast as it
	 * answers, until paused. A patch or delete may find its task deleted by another
	 * writer meanwhile (404); any other answer fails the round.
	 */
	private final class Writers {

		final Set<Long> live = ConcurrentHashMap.newKeySet();

		private final Queue<String> failures = new ConcurrentLinkedQueue<>();

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean running;

		void resume() {
			running = true;
			for (int i = 0; i < WRITERS; i++) {
				int writer = i;
				threads.add(Thread.ofPlatform().name("writer-" + writer).start(() -> write(writer)));
			}
		}

		/**
		 * Stops the writers and waits for their last writes to be answered; fails if any
		 * answer was unexpected.
		 */
		void pause() {
			stop();
			assertThat(failures).as("answers the writers did not expect").isEmpty();
		}

		void stop() {
			running = false;
			for (Thread thread : threads) {
				try {
					thread.join(Duration.ofSeconds(60));
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(e);
				}
				assertThat(thread.isAlive()).as("%s stopped within 60 s", thread.getName()).isFalse();
			}
			threads.clear();
		}

		private void write(int writer) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			// Bounded even if never paused; a round takes a few dozen writes.
			for (int n = 0; running && n < 5_000; n++) {
				try {
					Long[] ids = live.toArray(Long[]::new);
					int choice = random.nextInt(10);
					String title = "w" + writer + "-" + n;
					if (ids.length == 0 || (choice < 3 && ids.length < MAX_TASKS)) {
						create(title, choice == 0 ? 2 : 1);
					}
					else if (choice < 8) {
						patch(ids[random.nextInt(ids.length)], title, random.nextBoolean());
					}
					else {
						delete(ids[random.nextInt(ids.length)]);
					}
				}
				catch (RuntimeException | AssertionError e) {
					failures.add(e.toString());
					return;
				}
			}
		}

		private void create(String title, int count) {
			if (count == 1) {
				Reply reply = exchange(http.post()
					.uri("/api/v1/tasks")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"title\":\"" + title + "\"}"));
				if (expect(reply, "create", 201)) {
					live.add(JSON.readTree(reply.body()).get("id").longValue());
				}
				return;
			}
			StringBuilder tasks = new StringBuilder();
			for (int i = 0; i < count; i++) {
				tasks.append(i == 0 ? "" : ",")
					.append("{\"title\":\"")
					.append(title)
					.append('.')
					.append(i)
					.append("\"}");
			}
			Reply reply = exchange(http.post()
				.uri("/api/v1/tasks/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"tasks\":[" + tasks + "]}"));
			if (expect(reply, "create", 201)) {
				JSON.readTree(reply.body()).get("items").forEach(task -> live.add(task.get("id").longValue()));
			}
		}

		private void patch(long id, String title, boolean completed) {
			Reply reply = exchange(http.patch()
				.uri("/api/v1/tasks/{id}", id)
				.contentType(MediaType.parseMediaType("application/merge-patch+json"))
				.bodyValue("{\"title\":\"" + title + "\",\"completed\":" + completed + "}"));
			expect(reply, "patch " + id, 200, 404);
		}

		private void delete(long id) {
			Reply reply = exchange(http.delete().uri("/api/v1/tasks/{id}", id));
			expect(reply, "delete " + id, 204, 404);
			live.remove(id);
		}

		private boolean expect(Reply reply, String what, int... statuses) {
			for (int status : statuses) {
				if (reply.status() == status) {
					return true;
				}
			}
			failures.add(what + ": " + reply.status() + " " + reply.body());
			return false;
		}

	}

}
