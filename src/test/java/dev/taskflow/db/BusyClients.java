package dev.taskflow.db;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writers creating tasks and readers listing them, for the fault tests: every answer is
 * kept with when its request started and ended, so a test can check how long each one
 * waited, not only what it got. Bounded by a stop signal, two minutes and a request count
 * per client; each request waits at most {@code requestTimeout}.
 */
final class BusyClients implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static final Duration MAX_DURATION = Duration.ofMinutes(2);

	private static final int MAX_REQUESTS_PER_CLIENT = 20_000;

	/**
	 * One request: its status (0 without an answer, then {@code failure} says why) and
	 * when it started and ended.
	 */
	record Answer(String kind, int status, boolean retryAfter, String contentType, long startedNanos, long endedNanos,
			String failure) {

		Duration took() {
			return Duration.ofNanos(endedNanos - startedNanos);
		}

		@Override
		public String toString() {
			return kind + " " + (status == 0 ? failure : status) + " in " + took().toMillis() + " ms";
		}
	}

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> clients = new ArrayList<>();

	private BusyClients() {
	}

	static BusyClients start(String baseUrl, String bearer, int writers, int readers, Duration requestTimeout) {
		BusyClients busy = new BusyClients();
		long deadline = System.nanoTime() + MAX_DURATION.toNanos();
		for (int i = 0; i < writers + readers; i++) {
			boolean writer = i < writers;
			int id = i;
			busy.clients.add(Thread.ofPlatform()
				.name((writer ? "writer-" : "reader-") + id)
				.start(() -> busy.run(baseUrl, bearer, writer, id, requestTimeout, deadline)));
		}
		return busy;
	}

	private void run(String baseUrl, String bearer, boolean writer, int client, Duration timeout, long deadline) {
		for (int n = 0; n < MAX_REQUESTS_PER_CLIENT && running.get() && System.nanoTime() < deadline; n++) {
			HttpRequest request = writer
					? HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks"))
						.timeout(timeout)
						.header("Authorization", bearer)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"busy " + client + "-" + n + "\"}"))
						.build()
					: HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks?limit=5"))
						.timeout(timeout)
						.header("Authorization", bearer)
						.GET()
						.build();
			String kind = writer ? "create" : "list";
			long started = System.nanoTime();
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				answers.add(new Answer(kind, response.statusCode(),
						response.headers().firstValue("Retry-After").isPresent(),
						response.headers().firstValue("Content-Type").orElse(""), started, System.nanoTime(), null));
				if (writer && response.statusCode() == 201) {
					Matcher id = ID.matcher(response.body());
					if (id.find()) {
						acknowledged.add(Long.parseLong(id.group(1)));
					}
				}
				if (response.statusCode() >= 500) {
					Thread.sleep(100);
				}
			}
			catch (IOException e) {
				answers.add(new Answer(kind, 0, false, "", started, System.nanoTime(), e.getClass().getSimpleName()));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	List<Answer> answers() {
		return List.copyOf(answers);
	}

	List<Long> acknowledgedIds() {
		return List.copyOf(acknowledged);
	}

	/** Stops the clients and waits for their last requests. */
	@Override
	public void close() throws InterruptedException {
		running.set(false);
		for (Thread client : clients) {
			client.join(Duration.ofSeconds(60));
		}
		http.shutdownNow();
	}

}
