package dev.taskflow.db;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports a database that did not answer in time without a stack trace. (A bad setting, a
 * refused URL included, is reported by {@code config.SettingsFailureReporter}.)
 */
public class DatabaseUnavailableFailureAnalyzer implements FailureAnalyzer {

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabaseUnavailableException) {
				return new FailureAnalysis(cause.getMessage(),
						"Check that the database is running and reachable from here, or raise DB_STARTUP_TIMEOUT.",
						cause);
			}
		}
		return null;
	}

}
