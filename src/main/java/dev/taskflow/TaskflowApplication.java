package dev.taskflow;

import dev.taskflow.config.ProcessEnvironment;
import dev.taskflow.config.SettingsException;
import dev.taskflow.db.DbCommand;
import dev.taskflow.seed.SeedCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TimeZone;

/**
 * One jar, three uses: with no command it serves HTTP; {@code db …} manages the schema
 * and {@code seed …} writes load-test data, both without starting the server.
 */
@SpringBootApplication(exclude = {
		// Spring Security's parts are wired into one web filter
		// (security.ApiSecurityFilter), not its filter chain.
		ReactiveWebSecurityAutoConfiguration.class, ReactiveManagementWebSecurityAutoConfiguration.class,
		ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration.class,
		ReactiveUserDetailsServiceAutoConfiguration.class })
public class TaskflowApplication {

	public static void main(String[] args) {
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
		Map<String, String> environment = ProcessEnvironment.load();
		if (args.length > 0 && args[0].equals("db")) {
			System
				.exit(new DbCommand(environment, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && args[0].equals("seed")) {
			System.exit(
					new SeedCommand(environment, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && !args[0].startsWith("-")) {
			System.err.println("taskflow: unknown command '" + args[0]
					+ "' (use: db upgrade|downgrade N|history|status|stamp, seed --users N --tasks-per-user M --tokens-out FILE, or no command to serve HTTP)");
			System.exit(2);
		}
		try {
			SpringApplication.run(TaskflowApplication.class, args);
		}
		catch (RuntimeException e) {
			// Spring Boot has already reported the cause (a bad setting in one line);
			// leave without a second stack trace.
			System.exit(settingsFailure(e) ? 2 : 1);
		}
	}

	private static boolean settingsFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SettingsException) {
				return true;
			}
		}
		return false;
	}

}
