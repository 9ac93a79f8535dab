package dev.taskflow.support;

import dev.taskflow.TaskflowApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server on a random port, configured the way production is: by the environment
 * variables the README documents, passed as command-line properties so they win over
 * anything in the developer's own environment.
 */
public final class TestServer implements AutoCloseable {

	/** Long enough for any real token check, and never used to mean "unset". */
	public static final String AUTH_SECRET = "test-secret-for-the-suite-only-0123456789abcdef";

	private static TestServer shared;

	private final ConfigurableApplicationContext context;

	private final int port;

	private TestServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/**
	 * One server on the run's database for every test that needs nothing special; stopped
	 * when the run ends.
	 */
	public static synchronized TestServer shared() {
		if (shared == null) {
			shared = start(Map.of());
		}
		return shared;
	}

	/** At the end of the run, before its databases are dropped. */
	static synchronized void closeShared() {
		if (shared != null) {
			shared.close();
			shared = null;
		}
	}

	/**
	 * The settings every test server gets: the run's database through PgBouncer,
	 * migrations direct.
	 */
	public static Map<String, String> defaultSettings(TestDatabase database) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("ENV_FILE", "");
		settings.put("PORT", "0");
		// Probes and metrics on the API's port, whatever the developer's shell exports.
		settings.put("MANAGEMENT_PORT", "");
		settings.put("DATABASE_URL", database.pooledUrl());
		settings.put("MIGRATION_DATABASE_URL", database.directUrl());
		settings.put("BETTER_AUTH_SECRET", AUTH_SECRET);
		settings.put("DB_STARTUP_TIMEOUT", "10");
		return settings;
	}

	public static TestServer start(Map<String, String> overrides) {
		return start(TestDatabase.main(), overrides);
	}

	public static TestServer start(TestDatabase database, Map<String, String> overrides) {
		Map<String, String> settings = defaultSettings(database);
		settings.putAll(overrides);
		List<String> args = new ArrayList<>();
		settings.forEach((name, value) -> args.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TaskflowApplication.class)
			.run(args.toArray(String[]::new));
		return new TestServer(context);
	}

	public int port() {
		return port;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public ConfigurableApplicationContext context() {
		return context;
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Override
	public void close() {
		context.close();
	}

}
