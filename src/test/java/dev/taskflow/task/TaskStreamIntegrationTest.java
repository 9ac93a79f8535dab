package dev.taskflow.task;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.ChildServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NDJSON stream really streams: a server in its own JVM with a 96 MiB heap, started
 * to exit on OutOfMemoryError, sends 100,000 tasks of about 1 KiB each (some 110 MiB of
 * JSON, more than its whole heap). The client stops after the first line until PostgreSQL
 * itself is blocked writing, and the server's live Task objects are counted then: with
 * backpressure a few dozen, where reading ahead of the client would hold tens of
 * thousands.
 */
class TaskStreamIntegrationTest {

	private static final int ROWS = 100_000;

	@Test
	void streams100000TasksThroughA96MiBHeapWithBackpressure() throws Exception {
		TestDatabase database = TestDatabase.create();
		try (ChildServer child = ChildServer.start(database, Map.of(),
				List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"))) {
			streamAll(database, child);
		}
	}

	private static void streamAll(TestDatabase database, ChildServer child) throws Exception {
		TestUser user = TestUsers.create(database);
		database.execute("""
				INSERT INTO tasks (user_id, title, description, priority, due_at)
				SELECT %d, 'Task ' || g, repeat('x', 1000), 1 + g %% 3,
				       CASE WHEN g %% 4 = 0 THEN NULL ELSE timestamptz '2030-01-01' + g * interval '1 minute' END
				FROM generate_series(1, %d) AS g""".formatted(user.id(), ROWS));

		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/api/v1/tasks?sort=dueAt"))
			.header("Authorization", user.bearer())
			.header("Accept", "application/x-ndjson")
			.build();
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));

		BitSet seen = new BitSet();
		long lines = 0;
		String previousDue = "";
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line = reader.readLine();
			assertThat(line).isNotNull();
			// The client holds after one line; the hold must reach all the way back to
			// PostgreSQL, and meanwhile
			// only a few tasks may be in the server's memory, not the rows it could have
			// read ahead.
			awaitDatabaseHeldBack(database);
			assertThat(liveTasks(child.process())).isLessThan(ROWS / 50);
			while (line != null) {
				lines++;
				var task = TaskClient.JSON.readTree(line);
				seen.set((int) task.get("id").longValue());
				String due = task.get("dueAt").isNull() ? "~" : task.get("dueAt").stringValue();
				assertThat(due).isGreaterThanOrEqualTo(previousDue);
				previousDue = due;
				line = reader.readLine();
			}
		}
		catch (IOException e) {
			throw new AssertionError("the stream broke after " + lines + " lines; server alive: "
					+ child.process().isAlive() + "; its output:\n" + child.output(), e);
		}

		assertThat(lines).isEqualTo(ROWS);
		assertThat(seen.cardinality()).isEqualTo(ROWS);
		assertThat(child.process().isAlive()).as("the server survived; its output:%n%s", child.output()).isTrue();
		HttpResponse<String> health = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
	}

	private static void awaitDatabaseHeldBack(TestDatabase database) throws SQLException, InterruptedException {
		String sql = """
				SELECT state, wait_event FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT id, title%ORDER BY COALESCE(due_at%'""";
		int blockedSamples = 0;
		try (Connection connection = database.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int sample = 0; sample < 600 && blockedSamples < 20; sample++) {
				Thread.sleep(100);
				try (ResultSet result = statement.executeQuery()) {
					assertThat(result.next()).as("the stream's query is known to the database").isTrue();
					assertThat(result.getString("state"))
						.as("the query already finished while the client had read one line: rows were not held back")
						.isEqualTo("active");
					blockedSamples = "ClientWrite".equals(result.getString("wait_event")) ? blockedSamples + 1 : 0;
				}
			}
		}
		assertThat(blockedSamples).as("the database was held back by the stalled reader").isEqualTo(20);
	}

	/**
	 * Task objects alive in {@code process} after a full collection (what
	 * {@code jcmd GC.class_histogram} reports).
	 */
	private static long liveTasks(Process process) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String output = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(histogram.waitFor(60, TimeUnit.SECONDS)).isTrue();
		Matcher row = Pattern
			.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(Task.class.getName()) + "\\s*$",
					Pattern.MULTILINE)
			.matcher(output);
		return row.find() ? Long.parseLong(row.group(1)) : 0;
	}

}
