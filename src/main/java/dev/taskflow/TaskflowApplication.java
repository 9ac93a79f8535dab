package dev.taskflow;

import dev.taskflow.config.SettingsException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.time.ZoneOffset;
import java.util.Arrays;
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

	/** Bounds the walk down an exception's causes. */
	private static final int MAX_CAUSES = 32;

	public static void main(String[] args) {
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
		if (!Arrays.stream(args).allMatch(TaskflowApplication::isSpringProperty)) {
			System.exit(TaskflowCommand.run(args));
		}
		try {
			SpringApplication.run(TaskflowApplication.class, args);
		}
		catch (RuntimeException e) {
			// Spring Boot has already reported the cause (a bad setting in one line);
			// leave without a second stack trace.
			System.exit(isBadSetting(e) ? 2 : 1);
		}
	}

	/**
	 * {@code --name=value}, as Spring Boot reads its command-line properties
	 * ({@code --server.port=9000}).
	 */
	static boolean isSpringProperty(String arg) {
		return arg.startsWith("--") && arg.indexOf('=') > 2;
	}

	private static boolean isBadSetting(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
			if (cause instanceof SettingsException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

}
