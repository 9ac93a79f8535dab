package dev.taskflow.feed;

import dev.taskflow.db.NotificationListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the feed's NOTIFY after the writing transaction has committed, never inside it: a
 * notifying transaction holds PostgreSQL's global notify lock from its commit's start to
 * its end, which halves the write rate when every write notifies. Here at most one
 * notifying statement per instance is in flight; the users written meanwhile are gathered
 * and announced together by the next one. It goes over the instance's listening session
 * (direct), so it never queues for a pooled connection behind the requests; only while
 * that session is down does it use the pool.
 * <p>
 * The event table stays the source of truth: a NOTIFY that is lost (the database
 * unreachable at that moment, the instance stopped between commit and notify) only delays
 * delivery until {@link FeedCatchUp}'s next round.
 */
@Component
public class FeedNotifier {

	private static final Logger log = LoggerFactory.getLogger(FeedNotifier.class);

	private final NotificationListener listener;

	private final DatabaseClient database;

	private final Set<Long> pending = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean sending = new AtomicBoolean();

	private final Counter statements;

	private final Counter announced;

	FeedNotifier(NotificationListener listener, DatabaseClient database, MeterRegistry registry) {
		this.listener = listener;
		this.database = database;
		// Their ratio is how many writes one NOTIFY statement carries: what batching
		// saves the database.
		this.statements = Counter.builder("taskflow.feed.notify.statements")
			.description("NOTIFY statements sent for the feed (each announces every user written since the last)")
			.register(registry);
		this.announced = Counter.builder("taskflow.feed.notify.users")
			.description("Users announced by the feed's NOTIFY statements")
			.register(registry);
	}

	/**
	 * Queues a wake-up for the user's subscribers on every instance; returns at once. For
	 * a change that is already committed: task writes are single statements that write
	 * their events too.
	 */
	public void announce(long userId) {
		pending.add(userId);
		sendIfIdle();
	}

	/**
	 * Wakes the user's subscribers once the current transaction has committed, and not at
	 * all if it rolls back.
	 */
	public Mono<Void> announceAfterCommit(long userId) {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(() -> announce(userId));
				}
			}))
			.then();
	}

	private void sendIfIdle() {
		if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
			return;
		}
		Long[] users = pending.toArray(Long[]::new);
		for (Long user : users) {
			pending.remove(user);
		}
		statements.increment();
		announced.increment(users.length);
		listener.send(FeedWakeUps.CHANNEL, users)
			.flatMap(sent -> sent ? Mono.<Void>empty()
					: database
						.sql("SELECT pg_notify(:channel, CAST(u AS text)) FROM unnest(CAST(:users AS bigint[])) AS u")
						.bind("channel", FeedWakeUps.CHANNEL)
						.bind("users", users)
						.then())
			.doFinally(signal -> {
				sending.set(false);
				// A user announced after the array was taken, while this one was in
				// flight, goes out now.
				sendIfIdle();
			})
			.subscribe(null, error -> log.warn("Feed notify for {} users failed ({}); the next catch-up round delivers",
					users.length, error.getClass().getSimpleName()));
	}

}
