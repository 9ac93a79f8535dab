package dev.taskflow.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds the optional {@code .env} file just below the real environment variables, and
 * before Spring Boot reads its config data, so the file may hold anything a variable may:
 * {@code DB_POOL_SIZE}, {@code SERVER_PORT}, {@code SPRING_CONFIG_IMPORT}.
 */
public class EnvFileEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Read like the environment (its name ends so), so {@code SERVER_PORT} in the file
	 * sets {@code server.port} as the variable would.
	 */
	static final String SOURCE_NAME = "envFile-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	/** After Boot's own system environment source, before its config data. */
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 6;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
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
		var sources = environment.getPropertySources();
		var source = new SystemEnvironmentPropertySource(SOURCE_NAME, values);
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addLast(source);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
