package dev.taskflow.idempotency;

import dev.taskflow.db.DatabaseSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired idempotency keys every half hour so the table holds about a day of
 * keys. Every instance runs it; the delete is idempotent, and a failed run (the database
 * away) is only logged and tried again next time.
 */
@Component
class IdempotencyKeyPurge {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

	private final IdempotencyKeys keys;

	private final Duration timeout;

	IdempotencyKeyPurge(IdempotencyKeys keys, DatabaseSettings database) {
		this.keys = keys;
		this.timeout = database.jobTimeout();
	}

	@Scheduled(initialDelay = 30, fixedDelay = 30, timeUnit = TimeUnit.MINUTES)
	Mono<Void> purgeExpired() {
		return keys.purgeExpired()
			.timeout(timeout)
			.doOnNext(deleted -> log.debug("Purged {} expired idempotency keys", deleted))
			.onErrorResume(error -> {
				log.warn("Purging expired idempotency keys failed: {}", error.getClass().getSimpleName());
				return Mono.empty();
			})
			.then();
	}

}
