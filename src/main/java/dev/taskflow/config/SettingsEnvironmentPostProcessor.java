package dev.taskflow.config;

import dev.taskflow.db.DatabaseSettings;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the optional {@code .env} file and validates every twelve-factor variable
 * ({@code DATABASE_URL}, {@code DB_POOL_SIZE}, …), turning the few that Spring Boot
 * itself consumes into its properties (the database settings are used directly by
 * {@code db/DatabaseConfiguration}). Runs before any bean exists, so a bad setting stops
 * startup before anything else happens.
 */
public class SettingsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		addEnvFile(environment);
		ServerSettings settings = ServerSettings.load(environment::getProperty);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("taskflowSettings", springProperties(settings)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static void addEnvFile(ConfigurableEnvironment environment) {
		Map<String, String> lookup = new HashMap<>();
		String location = environment.getProperty(EnvFile.LOCATION_VARIABLE);
		if (location != null) {
			lookup.put(EnvFile.LOCATION_VARIABLE, location);
		}
		Path path = EnvFile.location(lookup);
		if (path == null) {
			return;
		}
		Map<String, Object> values = new HashMap<>(EnvFile.read(path));
		if (values.isEmpty()) {
			return;
		}
		// Below the real environment: a variable that is set wins over the file.
		var sources = environment.getPropertySources();
		var source = new MapPropertySource("envFile", values);
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addLast(source);
		}
	}

	static Map<String, Object> springProperties(ServerSettings settings) {
		DatabaseSettings database = settings.database();
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", settings.port());
		settings.managementPort().ifPresent(port -> properties.put("management.server.port", port));
		// Spring Boot would read DEBUG as its own "debug" switch (a condition report and
		// debug logs of the
		// framework); here DEBUG means SQL logging only.
		properties.put("debug", false);
		if (database.logSql()) {
			properties.put("logging.level.io.r2dbc.postgresql.QUERY", "DEBUG");
			properties.put("logging.level.org.springframework.r2dbc.core", "DEBUG");
		}
		return properties;
	}

}
