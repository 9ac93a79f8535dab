package dev.taskflow.account;

import dev.taskflow.db.DatabaseSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the throttle table small: logins with made-up names and one-off addresses would
 * otherwise leave a row each. Every instance runs it; a second delete of the same rows is
 * harmless.
 */
@Component
class LoginThrottleCleanup {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottleCleanup.class);

	private final LoginThrottle throttle;

	private final Duration timeout;

	LoginThrottleCleanup(LoginThrottle throttle, DatabaseSettings database) {
		this.throttle = throttle;
		this.timeout = database.jobTimeout();
	}

	@Scheduled(initialDelay = 5, fixedDelay = 5, timeUnit = TimeUnit.MINUTES)
	Mono<Void> forgetEndedWindows() {
		return throttle.forgetEnded().timeout(timeout).onErrorResume(error -> {
			log.warn("Could not remove ended login-throttle windows: {}", error.getClass().getSimpleName());
			return Mono.empty();
		}).then();
	}

}
