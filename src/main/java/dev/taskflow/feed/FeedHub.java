package dev.taskflow.feed;

import dev.taskflow.security.UserStatus;
import dev.taskflow.security.UserStatusChanged;
import dev.taskflow.security.UserStatusChangesMissed;
import dev.taskflow.security.UserStatusLookup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every live subscriber on this instance, grouped by user. Stops before the web server's
 * graceful shutdown, so open streams end cleanly and their clients resume elsewhere with
 * {@code Last-Event-ID}.
 */
@Component
public class FeedHub implements SmartLifecycle {

	private static final int REPLAY_PAGE = 100;

	/** Users per read (and per catch-up lookup), and events per user per read. */
	private static final int READ_ROUND = 1000;

	private static final int READ_PAGE = 500;

	/**
	 * Events per frame: one write for a burst, small enough that a frame never holds much
	 * of a subscriber's buffer.
	 */
	private static final int FRAME_EVENTS = 64;

	/**
	 * About a minute of attempts (1, 2, 4, 8, 15, 15, 15 s apart) before a re-check gives
	 * up.
	 */
	private static final RetryBackoffSpec RECHECK_RETRY = Retry.backoff(7, Duration.ofSeconds(1))
		.maxBackoff(Duration.ofSeconds(15))
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	private static final Logger log = LoggerFactory.getLogger(FeedHub.class);

	private final TaskEventStore store;

	private final UserStatusLookup statuses;

	private final FeedSettings settings;

	/** The users with a stream open here, each with its streams. */
	private final Map<Long, UserStreams> watched = new ConcurrentHashMap<>();

	private final Counter overflows;

	private final Counter reads;

	private final Counter eventsRead;

	private final Set<Long> toRead = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile boolean running;

	FeedHub(TaskEventStore store, UserStatusLookup statuses, FeedSettings settings, MeterRegistry registry) {
		this.store = store;
		this.statuses = statuses;
		this.settings = settings;
		this.overflows = Counter.builder("taskflow.feed.overflows")
			.description("Subscribers closed because they fell FEED_BUFFER events behind")
			.register(registry);
		this.reads = Counter.builder("taskflow.feed.reads")
			.description("Reads of live events: one statement for all the users woken up since the last one")
			.register(registry);
		this.eventsRead = Counter.builder("taskflow.feed.reads.events")
			.description("Events those reads found, each rendered once for all of its user's streams here")
			.register(registry);
		Gauge.builder("taskflow.feed.subscribers", this, FeedHub::subscriberCount)
			.description("Live feed subscribers on this instance")
			.register(registry);
	}

	/**
	 * The user's events after {@code afterId}: first replayed from the table, then live,
	 * with no gap and no duplicate at the seam. The subscriber joins the live streams
	 * before the last replay pass, so an event committed in between is either in that
	 * pass or delivered live; the id filter drops what comes twice (a live frame may
	 * start before the seam and end after it).
	 */
	Flux<SseFrame> follow(UserStatus openedAs, long afterId) {
		if (!running) {
			return Flux.empty();
		}
		long userId = openedAs.user().id();
		long[] replayed = { afterId };
		long[] delivered = { afterId };
		FeedSubscriber subscriber = new FeedSubscriber(settings.buffer(), overflows::increment, openedAs);
		Flux<SseFrame> join = Mono.defer(() -> join(userId, subscriber, replayed[0])).thenMany(Flux.empty());
		return Flux.concat(replay(userId, replayed), join, replay(userId, replayed), subscriber.events())
			.takeUntilOther(subscriber.ended())
			.mapNotNull(frame -> frame.after(delivered[0]))
			.doOnNext(frame -> delivered[0] = frame.lastId())
			.doFinally(signal -> leave(userId, subscriber));
	}

	/**
	 * Something new may have been committed for the user: its streams on this instance
	 * reads it soon.
	 */
	public void wake(long userId) {
		if (watched.containsKey(userId)) {
			toRead.add(userId);
			readIfIdle();
		}
	}

	/**
	 * A stream was opened on the strength of its token and its user's status then: when
	 * that status, role or token version changes, the user's streams here end, and each
	 * client shows its token again to reconnect (with {@code Last-Event-ID}, losing
	 * nothing). A token revoked by a password change, or a deactivated user, gets 401.
	 */
	@EventListener
	void onUserStatusChanged(UserStatusChanged change) {
		UserStreams streams = watched.get(change.userId());
		if (streams != null) {
			streams.closeAll();
		}
	}

	/**
	 * A change made while the listening session was down was heard by nobody here: every
	 * user with a stream here is looked up again, in rounds of at most
	 * {@code READ_ROUND}, and the streams opened under a status that is no longer current
	 * end, as {@link #onUserStatusChanged} would have ended them. The listening session
	 * is direct, the lookup pooled: when the pooler is still down, a round is tried again
	 * with backoff, and a round that cannot be checked at all ends its streams (their
	 * clients reconnect with {@code Last-Event-ID} and show their tokens again), rather
	 * than leave a revoked token's stream open.
	 */
	@EventListener
	void onUserStatusChangesMissed(UserStatusChangesMissed missed) {
		Flux.fromIterable(List.copyOf(watched.keySet()))
			.buffer(READ_ROUND)
			.concatMap(users -> statuses.findActive(users.toArray(Long[]::new))
				.collectMap(status -> status.user().id())
				.retryWhen(RECHECK_RETRY)
				.doOnNext(current -> users
					.forEach(user -> streamsOf(user).ifPresent(streams -> streams.closeUnless(current.get(user)))))
				.onErrorResume(error -> {
					log.warn("Could not check {} feed users after the listener reconnected ({}); their streams end",
							users.size(), error.getClass().getSimpleName());
					users.forEach(user -> streamsOf(user).ifPresent(UserStreams::closeAll));
					return Mono.empty();
				}))
			.subscribe();
	}

	private Optional<UserStreams> streamsOf(long userId) {
		return Optional.ofNullable(watched.get(userId));
	}

	/**
	 * After the listener reconnects: anything may have been committed while it was away.
	 */
	public void wakeAll() {
		toRead.addAll(watched.keySet());
		readIfIdle();
	}

	/**
	 * Wakes every user whose streams here have not read the user's newest event, in
	 * rounds of at most {@code READ_ROUND} users: what a lost NOTIFY would otherwise
	 * leave waiting until the user's next write. The users are taken at subscription, so
	 * the returned {@code Mono} can be subscribed once per round.
	 */
	Mono<Void> catchUp() {
		return Flux.defer(() -> Flux.fromIterable(List.copyOf(watched.keySet())))
			.buffer(READ_ROUND)
			.concatMap(users -> store.latestIds(users.toArray(Long[]::new)))
			.doOnNext(latest -> {
				UserStreams streams = watched.get(latest.userId());
				if (streams != null && streams.cursor() < latest.id()) {
					wake(latest.userId());
				}
			})
			.then();
	}

	/**
	 * One read in flight per instance, for every user woken up since the last one (one
	 * statement, however many): under load, wake-ups coalesce instead of each costing a
	 * query, and one user's events are never read by two reads at once, so they reach its
	 * streams in order.
	 */
	private void readIfIdle() {
		while (!toRead.isEmpty() && reading.compareAndSet(false, true)) {
			Map<Long, UserStreams> round = new HashMap<>();
			Iterator<Long> pending = toRead.iterator();
			while (pending.hasNext() && round.size() < READ_ROUND) {
				Long userId = pending.next();
				pending.remove();
				UserStreams streams = watched.get(userId);
				if (streams != null) {
					round.put(userId, streams);
				}
			}
			if (round.isEmpty()) {
				reading.set(false);
				continue;
			}
			read(round);
			return;
		}
	}

	private void read(Map<Long, UserStreams> round) {
		Long[] users = round.keySet().toArray(Long[]::new);
		Long[] cursors = Arrays.stream(users).map(user -> round.get(user).cursor()).toArray(Long[]::new);
		reads.increment();
		store.afterEach(users, cursors, READ_PAGE).bufferUntilChanged(TaskEvent::userId).doOnNext(events -> {
			eventsRead.increment(events.size());
			long userId = events.getFirst().userId();
			deliver(round.get(userId), events);
			if (events.size() == READ_PAGE) {
				toRead.add(userId);
			}
		}).doFinally(signal -> {
			reading.set(false);
			readIfIdle();
		})
			// A failed read is retried by the next wake-up of these users, or the next
			// catch-up round.
			.subscribe(null, error -> log.warn("Feed read for {} users failed: {}", users.length,
					error.getClass().getSimpleName()));
	}

	/**
	 * A user's events from one read go out in frames of up to {@code FRAME_EVENTS}: one
	 * write per stream for a burst, and never more than the subscriber's buffer in one
	 * frame.
	 */
	private void deliver(UserStreams streams, List<TaskEvent> events) {
		int perFrame = Math.min(FRAME_EVENTS, settings.buffer());
		for (int from = 0; from < events.size(); from += perFrame) {
			streams.deliver(events.subList(from, Math.min(events.size(), from + perFrame)));
		}
	}

	public int subscriberCount() {
		return watched.values().stream().mapToInt(UserStreams::size).sum();
	}

	/**
	 * Pages are read whole before they are sent, so a slow client never holds a pooled
	 * connection; a page is small, so neither does it hold much memory.
	 */
	private Flux<SseFrame> replay(long userId, long[] position) {
		return Flux.defer(() -> store.after(userId, position[0], REPLAY_PAGE).collectList().flatMapMany(page -> {
			if (page.isEmpty()) {
				return Flux.empty();
			}
			position[0] = page.getLast().id();
			Flux<SseFrame> events = Flux.fromIterable(page).map(SseFrame::of);
			return page.size() < REPLAY_PAGE ? events : events.concatWith(replay(userId, position));
		}));
	}

	/**
	 * Adds the subscriber to its user's streams, then checks the status it was opened
	 * under once more: a change announced between the stream's authentication and this
	 * moment found no stream here to end. One announced from now on finds it among the
	 * user's streams.
	 */
	private Mono<Void> join(long userId, FeedSubscriber subscriber, long position) {
		watched.compute(userId, (id, streams) -> {
			UserStreams joined = streams == null ? new UserStreams(position) : streams;
			joined.add(subscriber);
			return joined;
		});
		if (!running) {
			subscriber.close();
			return Mono.empty();
		}
		return statuses.findActive(userId)
			.map(current -> current.equals(subscriber.openedAs()))
			.defaultIfEmpty(false)
			.doOnNext(stillCurrent -> {
				if (!stillCurrent) {
					subscriber.close();
				}
			})
			.then();
	}

	private void leave(long userId, FeedSubscriber subscriber) {
		watched.computeIfPresent(userId, (id, streams) -> streams.remove(subscriber) ? null : streams);
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		watched.values().forEach(UserStreams::closeAll);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

}
