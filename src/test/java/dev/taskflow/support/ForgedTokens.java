package dev.taskflow.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/**
 * Tokens an attacker would craft, assembled by hand: a JWT library refuses to produce
 * most of them (an {@code alg} header that does not match the signature, no signature at
 * all, a subject that is not a number).
 */
public final class ForgedTokens {

	private ForgedTokens() {
	}

	/**
	 * {@code alg: none} and an empty signature: trusted by a verifier that believes the
	 * header.
	 */
	public static String algNone(String subject) {
		return unsigned(header("none"), claims(subject));
	}

	/**
	 * A header naming {@code alg}, signed with HMAC-SHA256 under the server's own secret:
	 * the algorithm confusion attack, where a verifier picks its algorithm from the
	 * header (e.g. RS256 with the secret as the "public key").
	 */
	public static String confusedAlgorithm(String alg, String subject) {
		return hs256(header(alg), claims(subject), TestServer.AUTH_SECRET.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A correctly signed HS256 token whose {@code sub} is whatever is given, e.g. not a
	 * number.
	 */
	public static String withSubject(String subject) {
		return hs256(header("HS256"), claims(subject), TestServer.AUTH_SECRET.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * {@code token} with the first character of its signature changed. Not the last: the
	 * last base64url character of an HMAC-SHA256 carries two unused bits, so changing it
	 * may leave the signature's bytes as they were.
	 */
	public static String tamperedSignature(String token) {
		int first = token.lastIndexOf('.') + 1;
		char replacement = token.charAt(first) == 'A' ? 'B' : 'A';
		return token.substring(0, first) + replacement + token.substring(first + 1);
	}

	/** {@code {"alg": alg, "typ": "JWT"}}. */
	public static String header(String alg) {
		return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
	}

	/**
	 * Claims the server would accept from a good signature: {@code sub}, {@code iat} now,
	 * {@code exp} in an hour.
	 */
	public static String claims(String subject) {
		long now = Instant.now().getEpochSecond();
		return "{\"sub\":\"" + subject.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"iat\":" + now + ",\"exp\":"
				+ (now + 3600) + "}";
	}

	/**
	 * {@code header.claims.signature} with HMAC-SHA256 under {@code key}, whatever the
	 * header says.
	 */
	public static String hs256(String headerJson, String claimsJson, byte[] key) {
		String signingInput = encode(headerJson) + "." + encode(claimsJson);
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return signingInput + "."
					+ Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code header.claims.} with an empty signature. */
	public static String unsigned(String headerJson, String claimsJson) {
		return encode(headerJson) + "." + encode(claimsJson) + ".";
	}

	public static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
