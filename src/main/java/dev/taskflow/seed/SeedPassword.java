package dev.taskflow.seed;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The one password every seeded account has. BCrypt is slow on purpose (about 0.1 s at Spring's default cost), so
 * the hash is computed once and shared by all rows: a million accounts cost one hash, and each of them can still
 * log in with {@link #PASSWORD}.
 * <p>
 * The hash has the form the accounts feature stores: BCrypt (Spring's encoder, default cost) of the
 * Base64 HMAC-SHA256 of the password keyed with {@code taskflow-password-v1}, which lifts BCrypt's 72-byte limit.
 */
final class SeedPassword {

    static final String PASSWORD = "seeded-password-1";
    private static final byte[] LABEL = "taskflow-password-v1".getBytes(StandardCharsets.UTF_8);

    private SeedPassword() {
    }

    static String hash() {
        return new BCryptPasswordEncoder().encode(condense(PASSWORD));
    }

    static boolean matches(String password, String hash) {
        return new BCryptPasswordEncoder().matches(condense(password), hash);
    }

    private static String condense(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LABEL, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
