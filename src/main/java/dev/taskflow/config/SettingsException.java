package dev.taskflow.config;

/**
 * A setting that cannot be used. The message is one line that names the variable and
 * never holds a password.
 */
public class SettingsException extends RuntimeException {

	private final String variable;

	public SettingsException(String variable, String problem) {
		super(variable + ": " + problem);
		this.variable = variable;
	}

	public String variable() {
		return variable;
	}

}
