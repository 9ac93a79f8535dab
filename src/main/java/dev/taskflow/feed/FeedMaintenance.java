package dev.taskflow.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** Removes events past {@code FEED_RETENTION_HOURS} and expired tickets, in small batches, on every instance. */
@Component
class FeedMaintenance implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedMaintenance.class);
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final TaskEventStore store;
    private final FeedTickets tickets;
    private final FeedSettings settings;
    private volatile Disposable schedule;

    FeedMaintenance(TaskEventStore store, FeedTickets tickets, FeedSettings settings) {
        this.store = store;
        this.tickets = tickets;
        this.settings = settings;
    }

    /** Prunes until nothing old is left (bounded to 100 batches a round); returns the number of events removed. */
    Mono<Long> pruneNow() {
        return store.prune(settings.retention())
                .repeat(99)
                .takeUntil(removed -> removed == 0)
                .reduce(0L, Long::sum)
                .flatMap(removed -> tickets.removeExpired().thenReturn(removed));
    }

    @Override
    public void start() {
        schedule = Flux.interval(Duration.ofMinutes(1), EVERY)
                .concatMap(tick -> pruneNow()
                        .doOnNext(removed -> {
                            if (removed > 0) {
                                log.info("Feed retention removed {} events", removed);
                            }
                        })
                        .onErrorResume(error -> {
                            log.warn("Feed retention failed: {}", error.getClass().getSimpleName());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
