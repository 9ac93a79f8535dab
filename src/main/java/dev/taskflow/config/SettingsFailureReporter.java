package dev.taskflow.config;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.io.PrintStream;

/**
 * A startup that failed on a setting ends with exactly one line on stderr,
 * {@code taskflow: invalid setting NAME: problem}: no stack trace and no failure-analysis
 * frame, since the user has one thing to fix. Runs before Spring Boot's own reporter,
 * which still reports every other failure.
 */
public class SettingsFailureReporter implements SpringBootExceptionReporter, Ordered {

	private final Environment environment;

	private final PrintStream err;

	/**
	 * Spring Boot passes the context, or null when startup failed before there was one.
	 */
	public SettingsFailureReporter(ConfigurableApplicationContext context) {
		this(context == null ? null : context.getEnvironment(), System.err);
	}

	SettingsFailureReporter(Environment environment, PrintStream err) {
		this.environment = environment;
		this.err = err;
	}

	@Override
	public boolean reportException(Throwable failure) {
		SettingsException setting = SettingNames.explain(failure, environment);
		if (setting == null) {
			return false;
		}
		err.println("taskflow: invalid setting " + setting.variable() + ": " + setting.problem());
		err.flush();
		return true;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
