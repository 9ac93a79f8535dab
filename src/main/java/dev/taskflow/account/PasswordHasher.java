package dev.taskflow.account;

import dev.taskflow.web.ProblemException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * Passwords hashed and checked ({@link PasswordFormat}, deliberately slow) on a scheduler
 * of its own sized to the cores: never on an event loop, where it would stall every other
 * request, and never more hashes at once than the machine can compute.
 */
@Component
class PasswordHasher implements DisposableBean {

	private static final int QUEUED_HASHES = 1_000;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(Runtime.getRuntime().availableProcessors(),
			QUEUED_HASHES, "password-hashing");

	/**
	 * Compared against when a login names no account, so that it takes as long as one
	 * that does.
	 */
	private final String decoy = PasswordFormat.encode("decoy");

	Mono<String> hash(String password) {
		return onScheduler(() -> PasswordFormat.encode(password));
	}

	/**
	 * Whether {@code password} matches {@code hash}; a null hash costs the same time and
	 * never matches.
	 */
	Mono<Boolean> matches(String password, String hash) {
		return onScheduler(() -> PasswordFormat.matches(password, hash == null ? decoy : hash) && hash != null);
	}

	private <T> Mono<T> onScheduler(Callable<T> work) {
		return Mono.fromCallable(work)
			.subscribeOn(scheduler)
			.onErrorMap(RejectedExecutionException.class, overloaded -> {
				HttpHeaders headers = new HttpHeaders();
				headers.set(HttpHeaders.RETRY_AFTER, "1");
				return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Too many sign-ins at once; retry shortly.",
						Map.of(), headers);
			});
	}

	@Override
	public void destroy() {
		scheduler.dispose();
	}

}
