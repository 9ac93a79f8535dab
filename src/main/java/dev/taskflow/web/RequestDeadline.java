package dev.taskflow.web;

import dev.taskflow.db.DatabaseSettings;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A request that has not started its response within {@code DB_POOL_TIMEOUT} fails with 503 and
 * {@code Retry-After}. The pool's own acquire timeout does not cover a query waiting inside the pooler (PgBouncer
 * holds it for up to its {@code query_wait_timeout}, two minutes on Neon, while PostgreSQL is unreachable), so
 * without this a client would hang through an outage. Streams (NDJSON, the live feed) are not cut: the deadline only
 * applies until the response is committed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestDeadline implements WebFilter {

    private final Duration deadline;

    RequestDeadline(DatabaseSettings settings) {
        this.deadline = settings.pool().timeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<Long> expired = Mono.delay(deadline)
                .flatMap(tick -> exchange.getResponse().isCommitted() ? Mono.never() : Mono.just(tick));
        return chain.filter(exchange)
                .timeout(expired, Mono.error(() -> new RequestDeadlineExceeded(deadline)));
    }

    /** A {@link TimeoutException}, so it is answered like any other database unavailability. */
    static class RequestDeadlineExceeded extends TimeoutException {
        RequestDeadlineExceeded(Duration deadline) {
            super("no response within " + deadline.toSeconds() + " s (DB_POOL_TIMEOUT)");
        }
    }
}
