package taskflow.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The users a run acts as: the bearer tokens of the seed's token file, each with the ids of its first 100 tasks,
 * asked of the server itself before the run (so the kit needs nothing but the token file and the URL).
 */
final class SeededUsers {

	record User(String authorization, long[] taskIds) {
	}

	private static final int IN_FLIGHT = 8;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper JSON = new ObjectMapper();

	private SeededUsers() {
	}

	static List<User> load(Settings settings) {
		List<String> tokens = tokens(settings);
		System.out.printf("load kit: reading the task ids of %d users from %s%n", tokens.size(), settings.baseUrl());
		HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		List<CompletableFuture<User>> users = new ArrayList<>(tokens.size());
		for (String token : tokens) {
			inFlight.acquireUninterruptibly();
			users.add(client
				.sendAsync(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/tasks?limit=100"))
					.header("Authorization", "Bearer " + token)
					.header("Accept", "application/json")
					.timeout(REQUEST_TIMEOUT)
					.build(), HttpResponse.BodyHandlers.ofString())
				.thenApply(response -> user(token, response))
				.whenComplete((user, failure) -> inFlight.release()));
		}
		List<User> loaded = users.stream().map(CompletableFuture::join).toList();
		if (loaded.stream().allMatch(user -> user.taskIds().length == 0)) {
			throw new IllegalStateException("none of the users has a task: seed with --tasks-per-user 1 or more");
		}
		return loaded;
	}

	private static List<String> tokens(Settings settings) {
		List<String> lines;
		try {
			lines = Files.readAllLines(settings.tokens());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the token file " + settings.tokens(), ex);
		}
		List<String> tokens = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
		if (tokens.isEmpty()) {
			throw new IllegalArgumentException("no tokens in " + settings.tokens());
		}
		return settings.users() > 0 && settings.users() < tokens.size() ? tokens.subList(0, settings.users())
				: tokens;
	}

	private static User user(String token, HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /api/v1/tasks answered " + response.statusCode()
					+ " (a token of another secret, or an expired one? the seed's tokens last TOKEN_TTL_SECONDS)");
		}
		try {
			JsonNode items = JSON.readTree(response.body()).path("items");
			long[] ids = new long[items.size()];
			for (int i = 0; i < ids.length; i++) {
				ids[i] = items.get(i).path("id").asLong();
			}
			return new User("Bearer " + token, ids);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET /api/v1/tasks answered something other than a page of tasks", ex);
		}
	}

}
