package dev.taskflow.config;

/**
 * A setting that cannot be used. The message is one line that names the setting and never
 * holds a password.
 */
public class SettingsException extends RuntimeException {

	private final String variable;

	private final String problem;

	/**
	 * @param variable the name the problem is reported against: a variable such as
	 * {@code DB_POOL_SIZE}, or a property such as {@code taskflow.db.pool.size}, which
	 * the startup report turns into the name the user set
	 * @param problem what is wrong, e.g. "must be between 0 and 10000, got -1"
	 */
	public SettingsException(String variable, String problem) {
		super(variable + ": " + problem);
		this.variable = variable;
		this.problem = problem;
	}

	public String variable() {
		return variable;
	}

	public String problem() {
		return problem;
	}

	/** Checks a whole number against its bounds, in the words every setting uses. */
	public static void requireBetween(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new SettingsException(name, "must be between " + min + " and " + max + ", got " + value);
		}
	}

}
