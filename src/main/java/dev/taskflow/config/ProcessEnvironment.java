package dev.taskflow.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings as the command-line tools see them, without Spring: JVM system properties
 * ({@code -DNAME=value}) over environment variables over the optional {@code .env} file,
 * the same order the server uses.
 */
public final class ProcessEnvironment {

	private ProcessEnvironment() {
	}

	public static Map<String, String> load() {
		Map<String, String> system = System.getenv();
		Map<String, String> properties = new HashMap<>();
		System.getProperties().forEach((name, value) -> properties.put(name.toString(), value.toString()));
		Map<String, String> locating = new HashMap<>(system);
		locating.putAll(properties);
		Path file = EnvFile.location(locating);
		Map<String, String> merged = new HashMap<>(file == null ? Map.of() : EnvFile.read(file));
		merged.putAll(system);
		merged.putAll(properties);
		return merged;
	}

}
