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
 * The safety net under NOTIFY, which is sent after commit and so can be lost: every few
 * seconds, each user with a subscriber on this instance whose table holds an event newer
 * than what was delivered is woken up. One indexed lookup per user per round.
 */
@Component
class FeedCatchUp {

	private static final Logger log = LoggerFactory.getLogger(FeedCatchUp.class);

	private final FeedHub hub;

	private final Duration timeout;

	FeedCatchUp(FeedHub hub, DatabaseSettings database) {
		this.hub = hub;
		this.timeout = database.jobTimeout();
	}

	@Scheduled(initialDelay = 5, fixedDelay = 5, timeUnit = TimeUnit.SECONDS)
	Mono<Void> catchUp() {
		return hub.catchUp().timeout(timeout).onErrorResume(error -> {
			log.warn("Feed catch-up failed: {}", error.getClass().getSimpleName());
			return Mono.empty();
		});
	}

}
