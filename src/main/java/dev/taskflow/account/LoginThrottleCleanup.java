package dev.taskflow.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Keeps the throttle table small: logins with made-up names and one-off addresses would otherwise leave a row
 * each. Every instance runs it; a second delete of the same rows is harmless.
 */
@Component
class LoginThrottleCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleCleanup.class);
    private static final Duration EVERY = Duration.ofMinutes(5);

    private final LoginThrottle throttle;
    private volatile Disposable running;

    LoginThrottleCleanup(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void start() {
        running = Flux.interval(EVERY, EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> throttle.forgetEnded().onErrorResume(error -> {
                    log.warn("Could not remove ended login-throttle windows: {}", error.getClass().getSimpleName());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
