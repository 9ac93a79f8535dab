package dev.taskflow;

import dev.taskflow.support.ChildServer;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as an orchestrator sends it: in-flight requests complete, new connections are
 * refused and kept-alive ones are told to close, feed streams end cleanly so their
 * clients resume elsewhere, and the process exits. Restarted over and over, nothing is
 * lost.
 */
class ShutdownIntegrationTest {

	private static final String LAST_CHUNK = "\r\n0\r\n\r\n";

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	@Test
	void sigtermFinishesInFlightWorkEndsStreamsAndRefusesNewRequests() throws Exception {
		TestDatabase database = TestDatabase.main();
		TestUser user = TestUsers.create(database);
		HttpClient http = HttpClient.newHttpClient();
		try (ChildServer server = ChildServer.start(database, Map.of(), List.of());
				Connection blocker = database.connect();
				Socket feed = new Socket("127.0.0.1", server.port())) {
			long taskId = idOf(send(http, create(server, user, "in flight", null)).body());
			feed.setSoTimeout(30_000);
			write(feed, "GET /api/v1/tasks/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + user.bearer()
					+ "\r\n\r\n");
			CompletableFuture<String> feedResponse = CompletableFuture.supplyAsync(() -> readUntilLastChunk(feed));

			// The update waits on a row lock held here, so it is still running when the
			// signal arrives.
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("SELECT id FROM tasks WHERE id = " + taskId + " FOR UPDATE");
			CompletableFuture<HttpResponse<String>> inFlight = http
				.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks/" + taskId))
					.header("Authorization", user.bearer())
					.header("Content-Type", "application/merge-patch+json")
					.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"completed\":true}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			awaitLockWaiter(database);

			server.process().destroy();
			assertThat(feedResponse.get()).as("the feed stream ended cleanly")
				.startsWith("HTTP/1.1 200")
				.contains(": connected");
			assertThat(nextRequestOnTheSameConnection(feed))
				.as("a kept-alive connection is told to close, so its client reconnects to another instance")
				.satisfiesAnyOf(response -> assertThat(response).isEmpty(),
						response -> assertThat(response).containsIgnoringCase("connection: close"));
			awaitRefused(server);
			blocker.rollback();

			HttpResponse<String> finished = inFlight.get();
			assertThat(finished.statusCode()).as("the request in flight at SIGTERM").isEqualTo(200);
			assertThat(finished.body()).contains("\"completed\":true");
			assertThat(server.terminate()).as("exit code after SIGTERM").isIn(0, 143);
		}
		finally {
			http.shutdownNow();
		}
	}

	@Test
	void restartedRepeatedlyWhileAClientKeepsWritingNothingIsLostOrDoubled() throws Exception {
		TestDatabase database = TestDatabase.main();
		TestUser user = TestUsers.create(database);
		HttpClient http = HttpClient.newHttpClient();
		Set<Long> acknowledged = new HashSet<>();
		List<String> keys = new ArrayList<>();
		try {
			for (int generation = 0; generation < 2; generation++) {
				try (ChildServer server = ChildServer.start(database, Map.of(), List.of())) {
					for (int n = 0; n < 10; n++) {
						String key = "soak-" + user.id() + "-" + generation + "-" + n;
						keys.add(key);
						acknowledged.add(idOf(send(http, create(server, user, key, key)).body()));
					}
					// Stopped between generations; every key is retried against the last
					// instance below, and none may be made twice.
					assertThat(server.terminate()).isIn(0, 143);
				}
			}
			try (ChildServer server = ChildServer.start(database, Map.of(), List.of())) {
				for (String key : keys) {
					assertThat(acknowledged).contains(idOf(send(http, create(server, user, key, key)).body()));
				}
			}
		}
		finally {
			http.shutdownNow();
		}
		assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", user.id())).isEqualTo(keys.size());
		assertThat(database.count("SELECT count(*) FROM task_events WHERE user_id = ?", user.id()))
			.isEqualTo(keys.size());
	}

	private static HttpRequest create(ChildServer server, TestUser user, String title, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
			.header("Authorization", user.bearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.build();
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return response;
	}

	private static long idOf(String body) {
		var matcher = ID.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static void write(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	/**
	 * The response head and body up to the chunked encoding's last chunk: the stream
	 * ended and the connection may be reused.
	 */
	private static String readUntilLastChunk(Socket socket) {
		StringBuilder received = new StringBuilder();
		try {
			InputStream in = socket.getInputStream();
			for (int b = in.read(); b != -1; b = in.read()) {
				received.append((char) b);
				if (received.indexOf(LAST_CHUNK, Math.max(0, received.length() - LAST_CHUNK.length())) >= 0) {
					return received.toString();
				}
			}
		}
		catch (IOException e) {
			throw new AssertionError("the feed stream broke instead of ending: " + e + " after " + received, e);
		}
		throw new AssertionError("the feed connection closed without ending the stream: " + received);
	}

	/**
	 * What the server answers to a request on a connection that was busy at SIGTERM, read
	 * until it closes it.
	 */
	private static String nextRequestOnTheSameConnection(Socket socket) throws IOException {
		try {
			write(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			socket.setSoTimeout(20_000);
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (SocketTimeoutException stillOpen) {
			throw new AssertionError("the server kept the connection open 20 s after SIGTERM", stillOpen);
		}
		catch (SocketException closed) {
			return "";
		}
	}

	private static void awaitLockWaiter(TestDatabase database) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			if (database.count(
					"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the update never waited on the lock");
	}

	private static void awaitRefused(ChildServer server) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket ignored = new Socket("127.0.0.1", server.port())) {
				Thread.sleep(100);
			}
			catch (IOException refused) {
				assertThat(refused).isInstanceOf(ConnectException.class);
				return;
			}
		}
		throw new AssertionError("the server still accepted new connections 20 s after SIGTERM:\n" + server.output());
	}

}
