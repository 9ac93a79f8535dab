package dev.taskflow.db;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One dedicated session per instance on the direct endpoint, listening on every
 * {@link NotificationHandler}'s channel (LISTEN does not survive a transaction-mode
 * pooler). When the session is lost (a restart, a Neon compute suspending, a terminated
 * backend) the handlers are told, and it reconnects with backoff.
 */
@Component
public class NotificationListener implements SmartLifecycle {

	public static final String APPLICATION_NAME = "taskflow-listener";

	private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);

	private static final Duration KEEPALIVE = Duration.ofSeconds(15);

	/**
	 * A half-open TCP connection would otherwise hang the keepalive until the kernel
	 * gives up, hours later.
	 */
	private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

	private final PostgresqlConnectionFactory factory;

	/**
	 * The URL's connect_timeout bounds the whole opening, startup and authentication
	 * included, as in libpq: the driver applies it to TCP alone, and an endpoint that
	 * accepts the connection but never answers its startup (a frozen process, a dark
	 * path) would otherwise hold the reconnect forever. Zero, as in libpq, waits without
	 * limit.
	 */
	private final Duration openTimeout;

	private final Map<String, NotificationHandler> handlers;

	private volatile Disposable subscription;

	/** The listening session while it is up, else null. */
	private volatile PostgresqlConnection session;

	NotificationListener(DatabaseSettings settings, DriverLoops loops, List<NotificationHandler> handlers) {
		this.factory = new PostgresqlConnectionFactory(
				PostgresConnections.configuration(settings.direct(), loops.first(), APPLICATION_NAME).build());
		this.openTimeout = settings.direct().connectTimeout();
		this.handlers = handlers.stream().collect(Collectors.toMap(NotificationHandler::channel, Function.identity()));
	}

	@Override
	public void start() {
		Mono<PostgresqlConnection> open = openTimeout.isZero() ? factory.create()
				: factory.create().timeout(openTimeout);
		subscription = Flux.usingWhen(open, this::listen, PostgresqlConnection::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250))
				.maxBackoff(Duration.ofSeconds(10))
				.transientErrors(true)
				.doBeforeRetry(signal -> {
					session = null;
					handlers.values().forEach(NotificationHandler::onLost);
					log.warn("Listen connection lost ({}); reconnecting", signal.failure().getClass().getSimpleName());
				}))
			.subscribe();
	}

	private Flux<Object> listen(PostgresqlConnection connection) {
		Flux<Object> notifications = connection.getNotifications().doOnNext(notification -> {
			NotificationHandler handler = handlers.get(notification.getName());
			if (handler != null) {
				handler.onNotification(notification.getParameter());
			}
		}).cast(Object.class);
		// A dead session is not always announced; a periodic round trip finds it.
		Flux<Object> keepalive = Flux.interval(KEEPALIVE)
			.concatMap(tick -> connection.createStatement("SELECT 1")
				.execute()
				.flatMap(PostgresqlResult::getRowsUpdated)
				.timeout(KEEPALIVE_TIMEOUT))
			.cast(Object.class);
		// Channel names are the handlers' constants, never input.
		String listen = handlers.keySet()
			.stream()
			.map(channel -> "LISTEN " + channel + ";")
			.collect(Collectors.joining(" "));
		return connection.createStatement(listen)
			.execute()
			.flatMap(PostgresqlResult::getRowsUpdated)
			.then()
			.doOnSuccess(ignored -> {
				log.info("Listening on {}", handlers.keySet());
				session = connection;
				handlers.values().forEach(NotificationHandler::onListening);
			})
			.thenMany(Flux.merge(notifications, keepalive))
			.concatWith(Flux.error(() -> new IllegalStateException("listen session ended")));
	}

	/**
	 * Sends one notification on {@code channel} per payload over this instance's own
	 * session, so it never waits for a pooled connection behind the requests. Emits
	 * false, sending nothing, while the session is down.
	 */
	public Mono<Boolean> send(String channel, Long[] payloads) {
		PostgresqlConnection current = session;
		if (current == null) {
			return Mono.just(false);
		}
		return current.createStatement("SELECT pg_notify($1, CAST(p AS text)) FROM unnest($2::bigint[]) AS p")
			.bind(0, channel)
			.bind(1, payloads)
			.execute()
			.flatMap(PostgresqlResult::getRowsUpdated)
			.then(Mono.just(true));
	}

	@Override
	public void stop() {
		session = null;
		Disposable current = subscription;
		if (current != null) {
			current.dispose();
		}
		subscription = null;
	}

	@Override
	public boolean isRunning() {
		return subscription != null;
	}

}
