package dev.taskflow.security;

import dev.taskflow.db.NotificationHandler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.r2dbc.spi.Readable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who a token's subject is now, checked on every request: deactivating or deleting an
 * account locks out its tokens, a password change locks out the tokens issued before it,
 * and a role change applies to the next request.
 * <p>
 * Answers are cached, because a lookup per request was a third of a simple request's
 * database work. The cache is only trusted while this instance's listening session is up:
 * a trigger on {@code users} notifies {@value #CHANNEL} with the user's id when any of
 * these columns changes, however it is changed, atomically with the commit, and every
 * instance drops that entry (the instance that made the change through the API drops it
 * before answering). While the session is down, every request asks the database. Entries
 * also expire after {@code TIME_TO_LIVE}, in case a session dies without anyone noticing
 * for a while.
 */
@Component
public class UserStatusLookup implements NotificationHandler {

	static final String CHANNEL = "user_status";

	private static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);

	private final DatabaseClient database;

	private final ApplicationEventPublisher events;

	private final Cache<Long, UserStatus> active = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(TIME_TO_LIVE)
		.build();

	/**
	 * Moves on at every invalidation: an answer read from the database across one is not
	 * cached.
	 */
	private final AtomicLong generation = new AtomicLong();

	private volatile boolean listening;

	UserStatusLookup(DatabaseClient database, ApplicationEventPublisher events) {
		this.database = database;
		this.events = events;
	}

	/**
	 * The user's current status if they are active and it is cached (and the cache is
	 * kept current); else null.
	 */
	UserStatus cachedActive(long id) {
		return listening ? active.getIfPresent(id) : null;
	}

	/**
	 * The user's current status if they are active: from the cache while it is kept
	 * current, else read.
	 */
	public Mono<UserStatus> findActive(long id) {
		UserStatus known = cachedActive(id);
		if (known != null) {
			return Mono.just(known);
		}
		return Mono.defer(() -> {
			long before = generation.get();
			return database.sql("""
					SELECT id, role, token_version FROM users
					WHERE id = :id AND is_active AND deleted_at IS NULL""")
				.bind("id", id)
				.map(UserStatusLookup::status)
				.one()
				.doOnNext(user -> remember(user, before));
		})
			// A feed stream's request lives for hours: let the finished query's objects
			// go with it.
			.onTerminateDetach();
	}

	/**
	 * The current status of each of these users who is active, read from the database
	 * (never from the cache).
	 */
	public Flux<UserStatus> findActive(Long[] ids) {
		return database.sql("""
				SELECT id, role, token_version FROM users
				WHERE id = ANY(:ids) AND is_active AND deleted_at IS NULL""")
			.bind("ids", ids)
			.map(UserStatusLookup::status)
			.all();
	}

	/**
	 * The user's status, role or password has just changed through this instance: the
	 * next request must see it.
	 */
	public void forget(long id) {
		generation.incrementAndGet();
		active.invalidate(id);
	}

	@Override
	public String channel() {
		return CHANNEL;
	}

	@Override
	public void onNotification(String payload) {
		long id;
		try {
			id = Long.parseLong(payload);
		}
		catch (NumberFormatException e) {
			forgetAll();
			return;
		}
		forget(id);
		events.publishEvent(new UserStatusChanged(id));
	}

	@Override
	public void onListening() {
		forgetAll();
		listening = true;
		events.publishEvent(new UserStatusChangesMissed());
	}

	@Override
	public void onLost() {
		listening = false;
		forgetAll();
	}

	/**
	 * A user's status from a row with its {@code id}, {@code role} and
	 * {@code token_version}.
	 */
	public static UserStatus status(Readable row) {
		return new UserStatus(new AuthenticatedUser(row.get("id", Long.class), row.get("role", String.class)),
				row.get("token_version", Integer.class));
	}

	private void forgetAll() {
		generation.incrementAndGet();
		active.invalidateAll();
	}

	/**
	 * Caches an answer unless an invalidation happened since its query started; checked
	 * again after the put, so an invalidation racing with it cannot leave the stale
	 * answer behind.
	 */
	private void remember(UserStatus status, long generationBefore) {
		if (!listening || generation.get() != generationBefore) {
			return;
		}
		long id = status.user().id();
		active.put(id, status);
		if (generation.get() != generationBefore) {
			active.invalidate(id);
		}
	}

}
