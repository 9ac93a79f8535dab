package dev.taskflow.feed;

import dev.taskflow.db.DatabaseSettings;
import dev.taskflow.db.DriverLoops;
import dev.taskflow.db.PostgresConnections;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

import java.time.Duration;

/**
 * One dedicated session per instance on the direct endpoint, listening for the NOTIFY each committed change
 * sends (LISTEN does not survive a transaction-mode pooler). When the session is lost (a restart, a Neon compute
 * suspending, a terminated backend) it reconnects with backoff and wakes every channel, which catches up from the
 * table: a notification missed meanwhile costs nothing.
 */
@Component
class FeedListener implements SmartLifecycle {

    static final String APPLICATION_NAME = "taskflow-feed-listener";
    private static final Logger log = LoggerFactory.getLogger(FeedListener.class);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final PostgresqlConnectionFactory factory;
    private final FeedHub hub;
    private volatile Disposable subscription;

    FeedListener(DatabaseSettings settings, DriverLoops loops, FeedHub hub) {
        this.factory = new PostgresqlConnectionFactory(
                PostgresConnections.configuration(settings.direct(), loops.first(), APPLICATION_NAME).build());
        this.hub = hub;
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(factory.create(), this::listen, PostgresqlConnection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250))
                        .maxBackoff(Duration.ofSeconds(10))
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("Feed listener connection lost ({}); reconnecting",
                                signal.failure().getClass().getSimpleName())))
                .subscribe();
    }

    private Flux<Object> listen(PostgresqlConnection connection) {
        Flux<Object> notifications = connection.getNotifications()
                .doOnNext(notification -> hub.wake(Long.parseLong(notification.getParameter())))
                .cast(Object.class);
        // A dead session is not always announced; a periodic round trip finds it.
        Flux<Object> keepalive = Flux.interval(KEEPALIVE)
                .concatMap(tick -> connection.createStatement("SELECT 1").execute().flatMap(PostgresqlResult::getRowsUpdated))
                .cast(Object.class);
        return connection.createStatement("LISTEN task_events").execute()
                .flatMap(PostgresqlResult::getRowsUpdated)
                .then()
                .doOnSuccess(ignored -> {
                    log.info("Feed listener connected");
                    hub.wakeAll();
                })
                .thenMany(Flux.merge(notifications, keepalive))
                .concatWith(Flux.error(() -> new IllegalStateException("listen session ended")));
    }

    @Override
    public void stop() {
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
