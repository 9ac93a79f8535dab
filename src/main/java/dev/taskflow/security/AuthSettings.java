package dev.taskflow.security;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Bearer tokens and cross-origin callers. Each property is also set by the variable named
 * with it (see {@code .env.example}).
 *
 * @param signingKey The HS256 key shared with anything else that mints tokens, at least
 * 32 bytes (BETTER_AUTH_SECRET; e.g. the output of openssl rand -base64 32)
 * @param tokenTtl How long an issued token is valid (TOKEN_TTL_SECONDS, seconds)
 * @param allowedOrigins Origins allowed by CORS, e.g. https://app.example.com; empty
 * allows no cross-origin caller (ALLOWED_ORIGINS, comma-separated)
 */
@ConfigurationProperties("taskflow.auth")
public record AuthSettings(@Name("secret") String signingKey,
		@DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) Duration tokenTtl,
		@DefaultValue List<String> allowedOrigins) {

	static final int MIN_SECRET_BYTES = 32;

	public AuthSettings {
		if (signingKey == null || signingKey.isBlank()) {
			throw new SettingsException("BETTER_AUTH_SECRET", "is not set (at least " + MIN_SECRET_BYTES
					+ " bytes; e.g. the output of 'openssl rand -base64 32')");
		}
		signingKey = signingKey.strip();
		int bytes = signingKey.getBytes(StandardCharsets.UTF_8).length;
		if (bytes < MIN_SECRET_BYTES) {
			throw new SettingsException("BETTER_AUTH_SECRET",
					"is " + bytes + " bytes; at least " + MIN_SECRET_BYTES + " are needed for HS256");
		}
		SettingsException.requireBetween("TOKEN_TTL_SECONDS", tokenTtl.toSeconds(), 60, 31 * 24 * 3600);
		allowedOrigins = allowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
	}

	/** For the command-line tools, which run without Spring. */
	public static AuthSettings load(EnvReader env) {
		List<String> origins = Arrays.asList(env.string("ALLOWED_ORIGINS", "").split(","));
		return new AuthSettings(env.string("BETTER_AUTH_SECRET"),
				env.seconds("TOKEN_TTL_SECONDS", 3600, 60, 31 * 24 * 3600), origins);
	}

	/** The HS256 key's bytes. */
	public byte[] secret() {
		return signingKey.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "AuthSettings[secret=****, tokenTtl=" + tokenTtl + ", allowedOrigins=" + allowedOrigins + "]";
	}
}
