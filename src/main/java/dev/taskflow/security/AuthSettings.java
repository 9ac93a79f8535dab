package dev.taskflow.security;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * @param secret {@code BETTER_AUTH_SECRET}: the HS256 key shared with anything else that
 * mints tokens
 * @param tokenTtl {@code TOKEN_TTL_SECONDS}
 * @param allowedOrigins {@code ALLOWED_ORIGINS}, comma-separated; empty allows no
 * cross-origin caller
 */
public record AuthSettings(byte[] secret, Duration tokenTtl, List<String> allowedOrigins) {

	static final int MIN_SECRET_BYTES = 32;

	public static AuthSettings load(EnvReader env) {
		String secret = env.string("BETTER_AUTH_SECRET");
		if (secret == null) {
			throw new SettingsException("BETTER_AUTH_SECRET", "is not set (at least " + MIN_SECRET_BYTES
					+ " bytes; e.g. the output of 'openssl rand -base64 32')");
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new SettingsException("BETTER_AUTH_SECRET",
					"is " + bytes.length + " bytes; at least " + MIN_SECRET_BYTES + " are needed for HS256");
		}
		List<String> origins = Arrays.stream(env.string("ALLOWED_ORIGINS", "").split(","))
			.map(String::strip)
			.filter(origin -> !origin.isEmpty())
			.toList();
		return new AuthSettings(bytes, env.seconds("TOKEN_TTL_SECONDS", 3600, 60, 31 * 24 * 3600), origins);
	}

	@Override
	public String toString() {
		return "AuthSettings[secret=****, tokenTtl=" + tokenTtl + ", allowedOrigins=" + allowedOrigins + "]";
	}
}
