package dev.taskflow.db;

/**
 * The database did not answer within {@code DB_STARTUP_TIMEOUT}; the message names where,
 * never the password.
 */
public class DatabaseUnavailableException extends RuntimeException {

	public DatabaseUnavailableException(String message) {
		super(message);
	}

}
