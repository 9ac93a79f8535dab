package dev.taskflow.support;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's view of the live feed: connects like a client would and collects what arrives.
 */
public final class FeedClient implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	// Filled on an event loop: a lock-free queue, so adding never blocks it.
	private final BlockingQueue<ServerSentEvent<String>> received = new LinkedTransferQueue<>();

	private final Disposable subscription;

	private volatile boolean ended;

	private FeedClient(WebClient.RequestHeadersSpec<?> request) {
		subscription = request.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(SSE)
			.doFinally(signal -> ended = true)
			.subscribe(received::add, error -> ended = true);
	}

	/**
	 * Follows the feed with a bearer token, optionally resuming after
	 * {@code lastEventId}.
	 */
	public static FeedClient connect(TestServer server, String token, Long lastEventId) {
		var request = WebClient.create(server.baseUrl())
			.get()
			.uri("/api/v1/tasks/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (lastEventId != null) {
			request = request.header("Last-Event-ID", lastEventId.toString());
		}
		FeedClient client = new FeedClient(request);
		client.awaitComment("connected");
		return client;
	}

	public static FeedClient connect(TestServer server, String token) {
		return connect(server, token, null);
	}

	/**
	 * The next {@code count} events (comments skipped), failing if they do not all arrive
	 * within 60 s.
	 */
	public List<ServerSentEvent<String>> awaitEvents(int count) {
		return awaitEvents(count, Duration.ofSeconds(60));
	}

	/**
	 * The next {@code count} events (comments skipped), failing if they do not all arrive
	 * within {@code within}.
	 */
	public List<ServerSentEvent<String>> awaitEvents(int count, Duration within) {
		List<ServerSentEvent<String>> events = new ArrayList<>();
		long deadline = System.nanoTime() + within.toNanos();
		while (events.size() < count) {
			ServerSentEvent<String> next = poll(deadline);
			if (next == null) {
				throw new AssertionError("expected " + count + " events, received " + events.size() + ": " + events);
			}
			if (next.event() != null) {
				events.add(next);
			}
		}
		return events;
	}

	/**
	 * Asserts that no event arrives within {@code wait}; comments (heartbeats) are
	 * ignored.
	 */
	public void assertNoEventWithin(Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		ServerSentEvent<String> next;
		while ((next = poll(deadline)) != null) {
			if (next.event() != null) {
				throw new AssertionError("unexpected event " + next);
			}
		}
	}

	public ServerSentEvent<String> awaitComment(String comment) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		ServerSentEvent<String> next;
		while ((next = poll(deadline)) != null) {
			if (comment.equals(next.comment())) {
				return next;
			}
		}
		throw new AssertionError("no '" + comment + "' comment within 60 s");
	}

	public boolean ended() {
		return ended;
	}

	/** Whether the stream ends within {@code within}, polled every 10 ms. */
	public boolean endsWithin(Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!ended && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return ended;
	}

	private ServerSentEvent<String> poll(long deadline) {
		try {
			return received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	@Override
	public void close() {
		subscription.dispose();
	}

}
