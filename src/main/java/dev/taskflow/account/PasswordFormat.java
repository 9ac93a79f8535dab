package dev.taskflow.account;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * How a password is stored: BCrypt (Spring's encoder, default cost) of the password
 * condensed first. Both methods are slow on purpose and block; the server calls them
 * through {@link PasswordHasher}, never on an event loop.
 * <p>
 * BCrypt reads at most 72 bytes, and Spring's encoder refuses longer input, while a
 * password may have 128 characters (up to 512 bytes). So the password is first condensed
 * with HMAC-SHA256 (keyed with a fixed label, which keeps these hashes apart from any
 * leaked plain SHA-256 hashes) and Base64-encoded (no NUL bytes, 44 characters).
 */
public final class PasswordFormat {

	private static final byte[] LABEL = "taskflow-password-v1".getBytes(StandardCharsets.UTF_8);

	private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();

	private PasswordFormat() {
	}

	public static String encode(String password) {
		return BCRYPT.encode(condense(password));
	}

	public static boolean matches(String password, String hash) {
		return BCRYPT.matches(condense(password), hash);
	}

	private static String condense(String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(LABEL, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
		}
	}

}
