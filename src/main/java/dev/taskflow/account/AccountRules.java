package dev.taskflow.account;

import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.UnicodeText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules an account's fields follow. Each rejected field gets one entry naming every
 * rule it breaks; lengths count code points and text must be valid Unicode, as
 * {@link UnicodeText} says for every text field.
 */
final class AccountRules {

	static final int PASSWORD_MIN = 8;
	static final int PASSWORD_MAX = 128;
	static final String PASSWORD_SPECIALS = "!@#$%^&*";
	static final int FULL_NAME_MAX = 255;

	/** RFC 5321's limit on a usable address; the column allows more. */
	static final int EMAIL_MAX = 254;

	/** Longer than any email or username can be. */
	static final int LOGIN_MAX = 320;

	private static final Pattern EMAIL = Pattern
		.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,50}");

	private AccountRules() {
	}

	static String normalizeEmail(String email) {
		return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * Emails are stored lower-cased and usernames compared case-insensitively, so a login
	 * is too.
	 */
	static String normalizeLogin(String login) {
		return login == null ? null : login.strip().toLowerCase(Locale.ROOT);
	}

	static void email(FieldErrors errors, String normalizedEmail) {
		if (normalizedEmail == null || normalizedEmail.isEmpty()) {
			errors.reject("email", "is required");
		}
		else if (UnicodeText.length(normalizedEmail) > EMAIL_MAX || !EMAIL.matcher(normalizedEmail).matches()
				|| !UnicodeText.isWellFormed(normalizedEmail)) {
			errors.reject("email", "must be a valid email address of at most " + EMAIL_MAX + " characters");
		}
	}

	static void username(FieldErrors errors, String username) {
		if (username == null || username.isEmpty()) {
			errors.reject("username", "is required");
		}
		else if (!USERNAME.matcher(username).matches()) {
			errors.reject("username", "must be 3 to 50 characters, each a letter, a digit, '_', '.' or '-'");
		}
	}

	static void fullName(FieldErrors errors, String fullName) {
		if (fullName == null) {
			errors.reject("fullName", "is required");
			return;
		}
		List<String> broken = new ArrayList<>();
		int length = UnicodeText.length(fullName);
		if (fullName.isBlank() || length > FULL_NAME_MAX) {
			broken.add("must be 1 to " + FULL_NAME_MAX + " characters and not blank");
		}
		// NUL among them, which PostgreSQL's text cannot hold.
		if (fullName.codePoints().anyMatch(Character::isISOControl)) {
			broken.add("must not contain control characters");
		}
		if (!UnicodeText.isWellFormed(fullName)) {
			broken.add("must be valid Unicode text");
		}
		errors.reject("fullName", broken);
	}

	static void password(FieldErrors errors, String field, String password) {
		if (password == null || password.isEmpty()) {
			errors.reject(field, "is required");
			return;
		}
		List<String> broken = new ArrayList<>();
		int length = UnicodeText.length(password);
		if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
			broken.add("must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters long");
		}
		if (password.codePoints().noneMatch(Character::isUpperCase)) {
			broken.add("must contain an upper-case letter");
		}
		if (password.codePoints().noneMatch(Character::isDigit)) {
			broken.add("must contain a digit");
		}
		if (password.codePoints().noneMatch(c -> PASSWORD_SPECIALS.indexOf(c) >= 0)) {
			broken.add("must contain one of " + PASSWORD_SPECIALS);
		}
		if (!UnicodeText.isWellFormed(password)) {
			// Hashed as UTF-8, a lone surrogate would become '?': different passwords
			// would share one hash.
			broken.add("must be valid Unicode text");
		}
		errors.reject(field, broken);
	}

	/**
	 * A login is only checked for what the database could not take; anything else simply
	 * matches nobody.
	 */
	static void login(FieldErrors errors, String normalizedLogin) {
		if (normalizedLogin == null || normalizedLogin.isEmpty()) {
			errors.reject("login", "is required");
		}
		else if (UnicodeText.length(normalizedLogin) > LOGIN_MAX
				|| normalizedLogin.codePoints().anyMatch(Character::isISOControl)) {
			errors.reject("login", "must be an email or a username");
		}
	}

	static void role(FieldErrors errors, String role) {
		if (role != null && !role.equals("user") && !role.equals("admin")) {
			errors.reject("role", "must be 'user' or 'admin'");
		}
	}

}
