package dev.taskflow.feed;

import dev.taskflow.db.DatabaseSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Removes events past {@code FEED_RETENTION_HOURS} and expired tickets, in small batches,
 * on every instance.
 */
@Component
class FeedMaintenance {

	private static final Logger log = LoggerFactory.getLogger(FeedMaintenance.class);

	private final TaskEventStore store;

	private final FeedTickets tickets;

	private final FeedSettings settings;

	private final Duration timeout;

	FeedMaintenance(TaskEventStore store, FeedTickets tickets, FeedSettings settings, DatabaseSettings database) {
		this.store = store;
		this.tickets = tickets;
		this.settings = settings;
		this.timeout = database.jobTimeout();
	}

	/**
	 * Prunes until nothing old is left (bounded to 100 batches a round); returns the
	 * number of events removed.
	 */
	Mono<Long> pruneNow() {
		return store.prune(settings.retention())
			.repeat(99)
			.takeUntil(removed -> removed == 0)
			.reduce(0L, Long::sum)
			.flatMap(removed -> tickets.removeExpired().thenReturn(removed));
	}

	@Scheduled(initialDelay = 1, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
	Mono<Void> prune() {
		return pruneNow().timeout(timeout).doOnNext(removed -> {
			if (removed > 0) {
				log.info("Feed retention removed {} events", removed);
			}
		}).onErrorResume(error -> {
			log.warn("Feed retention failed: {}", error.getClass().getSimpleName());
			return Mono.empty();
		}).then();
	}

}
