package dev.taskflow.config;

import dev.taskflow.db.DatabaseUnavailableException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports the two startup failures a user can fix without a stack trace: a bad setting
 * (which includes a database URL the server refuses: TLS, certificate, password, channel
 * binding) and a database that did not answer in time.
 */
public class StartupFailureAnalyzer implements FailureAnalyzer {

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SettingsException) {
				return new FailureAnalysis(cause.getMessage(), "Fix the setting named above and start again.", cause);
			}
			if (cause instanceof DatabaseUnavailableException) {
				return new FailureAnalysis(cause.getMessage(),
						"Check that the database is running and reachable from here, or raise DB_STARTUP_TIMEOUT.",
						cause);
			}
		}
		return null;
	}

}
