package dev.taskflow.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The process's environment variables over the optional {@code .env} file. */
public final class ProcessEnvironment {

	private ProcessEnvironment() {
	}

	public static Map<String, String> load() {
		Map<String, String> system = System.getenv();
		Path file = EnvFile.location(system);
		Map<String, String> merged = new HashMap<>(file == null ? Map.of() : EnvFile.read(file));
		merged.putAll(system);
		return merged;
	}

}
