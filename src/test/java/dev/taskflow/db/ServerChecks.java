package dev.taskflow.db;

import dev.taskflow.db.BusyClients.Answer;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests ask a running server: a status, bounded polls for one, the pool's
 * figures.
 */
final class ServerChecks {

	private static final Pattern FIGURE = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ServerChecks() {
	}

	static HttpResponse<String> get(TestServer server, String path, Duration timeout) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(timeout).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new AssertionError("no answer to " + path + " within " + timeout.toMillis() + " ms: " + e, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static int status(TestServer server, String path) {
		return get(server, path, Duration.ofSeconds(15)).statusCode();
	}

	/**
	 * Polls {@code path} every 200 ms until it answers {@code expected}; returns when
	 * that was.
	 */
	static long awaitStatus(TestServer server, String path, int expected, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		int last = 0;
		while (System.nanoTime() < deadline) {
			last = status(server, path);
			if (last == expected) {
				return System.nanoTime();
			}
			Thread.sleep(200);
		}
		throw new AssertionError(
				path + " did not answer " + expected + " within " + within.toSeconds() + " s (last " + last + ")");
	}

	/** /health/pool's figures: size, acquired, idle, pending, maxSize. */
	static Map<String, Long> pool(TestServer server) {
		Map<String, Long> figures = new LinkedHashMap<>();
		Matcher figure = FIGURE.matcher(get(server, "/health/pool", Duration.ofSeconds(5)).body());
		while (figure.find()) {
			figures.put(figure.group(1), Long.parseLong(figure.group(2)));
		}
		return figures;
	}

	/**
	 * Polls the pool until nothing is acquired or waiting (the idle state), bounded;
	 * returns the last figures.
	 */
	static Map<String, Long> awaitPoolIdle(TestServer server, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		Map<String, Long> figures = pool(server);
		while (System.nanoTime() < deadline && (figures.get("acquired") != 0 || figures.get("pending") != 0)) {
			Thread.sleep(200);
			figures = pool(server);
		}
		assertThat(figures).as("the pool once the load is over")
			.containsEntry("acquired", 0L)
			.containsEntry("pending", 0L);
		return figures;
	}

	/**
	 * What busy clients saw across an outage that ended at {@code recoveredNanos}: only
	 * 200, 201 and 503; some 503s, each a problem with Retry-After; every request within
	 * {@code deadline}; only successes once recovered; and every task answered 201
	 * stored.
	 */
	static void assertAnswersAcrossAnOutage(String outage, List<Answer> answers, List<Long> acknowledged,
			long recoveredNanos, Duration deadline, TestDatabase database) {
		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(byStatus.keySet())
			.as("statuses seen: %s; without an answer: %s", byStatus,
					answers.stream().filter(answer -> answer.status() == 0).toList())
			.isSubsetOf(200, 201, 503);
		assertThat(byStatus.getOrDefault(503, 0L)).as(outage + " was noticed").isPositive();
		assertThat(answers).filteredOn(answer -> answer.status() == 503).allSatisfy(answer -> {
			assertThat(answer.retryAfter()).as("Retry-After on %s", answer).isTrue();
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
		});
		assertThat(answers).as("every request ends within DB_POOL_TIMEOUT")
			.allSatisfy(answer -> assertThat(answer.took()).as("%s", answer).isLessThanOrEqualTo(deadline));
		assertThat(answers).as("answers once " + outage + " is over")
			.filteredOn(answer -> answer.startedNanos() > recoveredNanos + Duration.ofSeconds(1).toNanos())
			.isNotEmpty()
			.allMatch(answer -> answer.status() == 200 || answer.status() == 201);
		assertThat(acknowledged).isNotEmpty();
		assertThat(database.count("SELECT count(*) FROM tasks WHERE id = ANY(?)",
				(Object) acknowledged.toArray(Long[]::new)))
			.as("tasks answered 201 and stored")
			.isEqualTo(acknowledged.size());
	}

}
