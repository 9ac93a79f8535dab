package dev.taskflow.support;

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
 * A steady load of creates and list reads from a few clients, for fault tests: every
 * answer is recorded, with the ids of the tasks acknowledged as created. Bounded by a
 * stop signal, a maximum duration and a request count.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static final Duration MAX_DURATION = Duration.ofMinutes(2);

	private static final int MAX_REQUESTS_PER_WORKER = 20_000;

	/**
	 * One answer: its status (0 when the request failed without one), whether it had
	 * Retry-After, and when.
	 */
	public record Outcome(String kind, int status, boolean retryAfter, long atNanos, String failure) {
	}

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> workers = new ArrayList<>();

	private LoadGenerator() {
	}

	/**
	 * Starts {@code clients} workers against {@code baseUrl}; each waits at most
	 * {@code requestTimeout} for an answer.
	 */
	public static LoadGenerator start(String baseUrl, String bearer, int clients, Duration requestTimeout) {
		LoadGenerator load = new LoadGenerator();
		long deadline = System.nanoTime() + MAX_DURATION.toNanos();
		for (int worker = 0; worker < clients; worker++) {
			int id = worker;
			load.workers.add(Thread.ofPlatform()
				.name("load-" + id)
				.start(() -> load.run(baseUrl, bearer, id, requestTimeout, deadline)));
		}
		return load;
	}

	private void run(String baseUrl, String bearer, int worker, Duration timeout, long deadline) {
		for (int n = 0; n < MAX_REQUESTS_PER_WORKER && running.get() && System.nanoTime() < deadline; n++) {
			boolean create = n % 2 == 0;
			HttpRequest request = create
					? HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks"))
						.timeout(timeout)
						.header("Authorization", bearer)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"load " + worker + "-" + n + "\"}"))
						.build()
					: HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks?limit=5"))
						.timeout(timeout)
						.header("Authorization", bearer)
						.GET()
						.build();
			String kind = create ? "create" : "list";
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				outcomes.add(new Outcome(kind, response.statusCode(),
						response.headers().firstValue("Retry-After").isPresent(), System.nanoTime(), null));
				if (create && response.statusCode() == 201) {
					Matcher id = ID.matcher(response.body());
					if (id.find()) {
						acknowledged.add(Long.parseLong(id.group(1)));
					}
				}
				if (response.statusCode() == 503) {
					Thread.sleep(100);
				}
			}
			catch (IOException e) {
				outcomes.add(new Outcome(kind, 0, false, System.nanoTime(), e.getClass().getSimpleName()));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	public List<Outcome> outcomes() {
		return List.copyOf(outcomes);
	}

	public List<Long> acknowledgedIds() {
		return List.copyOf(acknowledged);
	}

	/** Stops the workers and waits for their last requests. */
	@Override
	public void close() throws InterruptedException {
		running.set(false);
		for (Thread worker : workers) {
			worker.join(Duration.ofSeconds(60));
		}
		http.shutdownNow();
	}

}
