package taskflow.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What a run is told, as system properties (bench/load.sh sets them from its environment variables).
 *
 * @param baseUrl the server, e.g. http://127.0.0.1:8080
 * @param tokens the file the server's {@code seed --tokens-out} wrote: one bearer token per line
 * @param users how many of its tokens to use (0: all)
 * @param scenarios which scenarios run, one after another: get, list, create, mix, feed
 * @param rate arrivals per second for the HTTP scenarios (open model: each arrival is a new virtual user)
 * @param warmup seconds of each HTTP scenario ramped from 1 to {@code rate} arrivals per second, reported apart
 * @param duration seconds each scenario is measured at {@code rate}
 * @param p99Ms the goal for every measured request's 99th percentile, in milliseconds
 * @param maxErrorPercent the largest share of failed requests (non-2xx, timeouts, failed checks) allowed
 * @param feedSubscribers SSE streams the feed scenario opens, one per user
 * @param feedRate creates per second written for those users while they listen
 * @param feedMaxDelayMs how late an event may arrive (receipt minus the task's createdAt) and still count as on time
 * @param feedLatePercent the largest share of awaited events that may be late or missing
 */
record Settings(String baseUrl, Path tokens, int users, List<String> scenarios, double rate, int warmup, int duration,
		int p99Ms, double maxErrorPercent, int feedSubscribers, double feedRate, int feedMaxDelayMs,
		double feedLatePercent) {

	static final List<String> ALL = List.of("get", "list", "create", "mix", "feed");

	static Settings fromSystemProperties() {
		String tokens = System.getProperty("tokens");
		if (tokens == null || tokens.isBlank()) {
			throw new IllegalArgumentException("-Dtokens=FILE is required: the token file of the server's "
					+ "`seed --users N --tasks-per-user M --tokens-out FILE`");
		}
		List<String> scenarios = Arrays.stream(System.getProperty("scenarios", String.join(" ", ALL)).split("[ ,]+"))
			.filter(name -> !name.isBlank())
			.toList();
		for (String name : scenarios) {
			if (!ALL.contains(name)) {
				throw new IllegalArgumentException("unknown scenario " + name + "; known: " + ALL);
			}
		}
		Settings settings = new Settings(System.getProperty("baseUrl", "http://127.0.0.1:8080").replaceAll("/+$", ""),
				Path.of(tokens), integer("users", 0), scenarios, decimal("rate", 100), integer("warmup", 10),
				integer("duration", 30), integer("p99Ms", 50), decimal("maxErrorPercent", 0),
				integer("feedSubscribers", 100), decimal("feedRate", 50), integer("feedMaxDelayMs", 200),
				decimal("feedLatePercent", 1));
		if (settings.rate <= 0 || settings.duration <= 0 || settings.warmup < 0 || settings.feedSubscribers <= 0
				|| settings.feedRate <= 0) {
			throw new IllegalArgumentException("rate, duration, feedSubscribers and feedRate must be positive, "
					+ "warmup not negative: " + settings);
		}
		return settings;
	}

	/**
	 * How long a subscriber waits for its next event before counting it missing: five times the mean gap between
	 * two events of one user (writes go to the subscribers' users in turn), and at least 10 s.
	 */
	Duration feedEventTimeout() {
		double gapSeconds = feedSubscribers / feedRate;
		return Duration.ofMillis(Math.max(10_000, Math.round(5_000 * gapSeconds)));
	}

	private static int integer(String name, int fallback) {
		String value = System.getProperty(name);
		return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
	}

	private static double decimal(String name, double fallback) {
		String value = System.getProperty(name);
		return value == null || value.isBlank() ? fallback : Double.parseDouble(value.strip());
	}

}
