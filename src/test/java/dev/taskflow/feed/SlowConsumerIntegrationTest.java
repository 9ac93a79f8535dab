package dev.taskflow.feed;

import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TaskBatches;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading is cut off once it is FEED_BUFFER events behind, instead of
 * holding memory on the server; it resumes from the last event it got and loses nothing.
 */
class SlowConsumerIntegrationTest {

	private static final int BATCHES = 20;

	private static final int PER_BATCH = 100;

	@Test
	void aClientThatStopsReadingIsClosedAndResumesWithoutLoss() throws Exception {
		TestDatabase database = TestDatabase.main();
		TestUser user = TestUsers.create(database);
		HttpClient http = HttpClient.newHttpClient();
		try (TestServer server = TestServer.start(Map.of("FEED_BUFFER", "4"))) {
			FeedHub hub = server.bean(FeedHub.class);
			MeterRegistry meters = server.bean(MeterRegistry.class);
			HttpResponse<InputStream> stalled = http
				.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks/events"))
					.header("Authorization", user.bearer())
					.header("Accept", "text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(stalled.statusCode()).isEqualTo(200);
			awaitSubscribers(hub, 1);

			// About 16 MB of events: far more than socket buffers hold, so the server
			// sees the client fall behind.
			List<Map<String, String>> bulky = IntStream.range(0, PER_BATCH)
				.mapToObj(i -> Map.of("title", "bulky " + i, "description", "x".repeat(8_000)))
				.toList();
			for (int batch = 0; batch < BATCHES; batch++) {
				TaskBatches.create(server, user, bulky);
			}

			awaitSubscribers(hub, 0);
			assertThat(meters.counter("taskflow.feed.overflows").count()).isGreaterThanOrEqualTo(1);

			List<Long> received = readIds(stalled.body());
			assertThat(received).hasSizeLessThan(BATCHES * PER_BATCH).isSorted().doesNotHaveDuplicates();

			long resumeAfter = received.isEmpty() ? 0 : received.getLast();
			int missing = BATCHES * PER_BATCH - received.size();
			try (FeedClient resumed = FeedClient.connect(server, user.token(), resumeAfter)) {
				List<Long> rest = resumed.awaitEvents(missing)
					.stream()
					.map(ServerSentEvent::id)
					.map(Long::parseLong)
					.toList();
				List<Long> all = new ArrayList<>(received);
				all.addAll(rest);
				assertThat(all).hasSize(BATCHES * PER_BATCH).isSorted().doesNotHaveDuplicates();
				assertThat(all).containsExactlyElementsOf(allEventIds(database, user));
			}
		}
		finally {
			// close() would wait for the stalled exchange to finish, which a failed
			// assertion may never let happen.
			http.shutdownNow();
		}
	}

	private static void awaitSubscribers(FeedHub hub, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (hub.subscriberCount() != expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(hub.subscriberCount()).isEqualTo(expected);
	}

	/**
	 * Everything the stalled client had been sent, up to the server closing its stream.
	 */
	private static List<Long> readIds(InputStream body) throws Exception {
		List<Long> ids = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("id:")) {
					ids.add(Long.parseLong(line.substring(3).strip()));
				}
			}
		}
		return ids;
	}

	private static List<Long> allEventIds(TestDatabase database, TestUser user) throws Exception {
		try (var connection = database.connect();
				var result = connection.createStatement()
					.executeQuery("SELECT id FROM task_events WHERE user_id = " + user.id() + " ORDER BY id")) {
			List<Long> ids = new ArrayList<>();
			while (result.next()) {
				ids.add(result.getLong(1));
			}
			return ids;
		}
	}

}
