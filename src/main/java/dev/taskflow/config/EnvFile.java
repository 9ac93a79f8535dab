package dev.taskflow.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional {@code .env} file: {@code NAME=value} lines, {@code #} comments, an
 * optional {@code export} prefix and optional single or double quotes. Real environment
 * variables win.
 */
public final class EnvFile {

	/** Names the file to read; empty means none. */
	public static final String LOCATION_VARIABLE = "ENV_FILE";

	private EnvFile() {
	}

	public static Map<String, String> read(Path path) {
		if (!Files.isRegularFile(path)) {
			return Map.of();
		}
		try {
			return parse(Files.readString(path, StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + path, e);
		}
	}

	static Map<String, String> parse(String text) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String raw : text.split("\\R")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("export ")) {
				line = line.substring("export ".length()).strip();
			}
			int equals = line.indexOf('=');
			if (equals <= 0) {
				continue;
			}
			String name = line.substring(0, equals).strip();
			String value = line.substring(equals + 1).strip();
			if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
					|| value.startsWith("'") && value.endsWith("'"))) {
				value = value.substring(1, value.length() - 1);
			}
			values.put(name, value);
		}
		return values;
	}

	/**
	 * Where the file is: {@code ENV_FILE} if set (empty for none), else {@code .env} in
	 * the working directory.
	 */
	public static Path location(Map<String, String> environment) {
		String configured = environment.get(LOCATION_VARIABLE);
		if (configured == null) {
			return Path.of(".env");
		}
		return configured.isBlank() ? null : Path.of(configured);
	}

}
