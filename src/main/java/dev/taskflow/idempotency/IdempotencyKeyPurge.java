package dev.taskflow.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Deletes expired idempotency keys every half hour so the table holds about a day of keys. Every instance runs it;
 * the delete is idempotent, and a failed run (the database away) is only logged and tried again next time.
 */
@Component
class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    private static final Duration INTERVAL = Duration.ofMinutes(30);

    private final IdempotencyKeys keys;
    private volatile Disposable schedule;

    IdempotencyKeyPurge(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public void start() {
        schedule = Flux.interval(INTERVAL, INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> keys.purgeExpired()
                        .doOnNext(deleted -> log.debug("Purged {} expired idempotency keys", deleted))
                        .onErrorResume(error -> {
                            log.warn("Purging expired idempotency keys failed: {}", error.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = schedule;
        if (current != null) {
            current.dispose();
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
