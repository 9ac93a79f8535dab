package dev.taskflow.seed;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code seed --users N --tasks-per-user M --tokens-out FILE}, checked before anything
 * touches the database. Picocli finds the options ({@link SeedCommand}); their values are
 * checked here, where digit groups ({@code 1_000_000}, {@code 1,000}) are allowed.
 *
 * @param users accounts to create
 * @param tasksPerUser tasks each of them gets
 * @param tokensOut where one bearer token per user goes, one per line, in ascending user
 * id
 */
record SeedOptions(int users, int tasksPerUser, Path tokensOut) {

	static final String USAGE = "usage: taskflow seed --users N --tasks-per-user M --tokens-out FILE";

	static final int MAX_USERS = 10_000_000;
	static final int MAX_TASKS_PER_USER = 100_000;

	/**
	 * A whole seed stays one transaction; past this many tasks it would hold one too long
	 * to be useful.
	 */
	static final long MAX_TASKS = 100_000_000L;

	/** Thrown with a one-line message meant for the user. */
	static final class InvalidOptionsException extends RuntimeException {

		InvalidOptionsException(String message) {
			super(message);
		}

	}

	/**
	 * Values first, so {@code --users abc} is named even when other options are missing.
	 */
	static SeedOptions of(String users, String tasksPerUser, String tokensOut) {
		Integer userCount = (users != null) ? number("--users", users, 1, MAX_USERS) : null;
		Integer perUser = (tasksPerUser != null) ? number("--tasks-per-user", tasksPerUser, 0, MAX_TASKS_PER_USER)
				: null;
		Path path = (tokensOut != null) ? path(tokensOut) : null;
		if (userCount == null || perUser == null || path == null) {
			throw new InvalidOptionsException("--users, --tasks-per-user and --tokens-out are all required; " + USAGE);
		}
		if ((long) userCount * perUser > MAX_TASKS) {
			throw new InvalidOptionsException("--users × --tasks-per-user is " + (long) userCount * perUser
					+ " tasks; at most " + MAX_TASKS + " in one seed");
		}
		return new SeedOptions(userCount, perUser, path);
	}

	long tasks() {
		return (long) users * tasksPerUser;
	}

	private static int number(String name, String value, int min, int max) {
		String digits = value.replace("_", "").replace(",", "");
		if (!digits.matches("\\d{1,9}") || Integer.parseInt(digits) < min || Integer.parseInt(digits) > max) {
			throw new InvalidOptionsException(
					name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
		}
		return Integer.parseInt(digits);
	}

	private static Path path(String value) {
		if (value.isBlank()) {
			throw new InvalidOptionsException("--tokens-out needs a file name");
		}
		Path path;
		try {
			path = Path.of(value).toAbsolutePath();
		}
		catch (InvalidPathException e) {
			throw new InvalidOptionsException("--tokens-out: not a file name: '" + value + "'");
		}
		if (path.getParent() != null && !path.getParent().toFile().isDirectory()) {
			throw new InvalidOptionsException("--tokens-out: directory " + path.getParent() + " does not exist");
		}
		return path;
	}
}
