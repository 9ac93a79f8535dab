package dev.taskflow.idempotency;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asks for, as a SHA-256 of its method, path and JSON body with object
 * keys sorted: the same request sent again with other whitespace or key order is the same
 * request.
 */
public final class RequestFingerprint {

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.build();

	private RequestFingerprint() {
	}

	public static String of(String method, String path, JsonNode body) {
		String canonical = method + " " + path + "\n" + CANONICAL.writeValueAsString(body);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JVM has SHA-256", e);
		}
	}

}
