package dev.taskflow.seed;

import dev.taskflow.account.PasswordFormat;

/**
 * The one password every seeded account has. BCrypt is slow on purpose (about 0.1 s at
 * Spring's default cost), so the hash is computed once and shared by all rows: a million
 * accounts cost one hash, and each of them can still log in with {@link #PASSWORD}.
 */
final class SeedPassword {

	static final String PASSWORD = "seeded-password-1";

	private SeedPassword() {
	}

	static String hash() {
		return PasswordFormat.encode(PASSWORD);
	}

	static boolean matches(String password, String hash) {
		return PasswordFormat.matches(password, hash);
	}

}
