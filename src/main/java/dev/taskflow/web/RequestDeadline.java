package dev.taskflow.web;

import dev.taskflow.db.DatabaseSettings;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A request that has not started its response within {@code DB_POOL_TIMEOUT} fails with
 * 503 and {@code Retry-After}. The pool's own acquire timeout does not cover a query
 * waiting inside the pooler (PgBouncer holds it for up to its {@code query_wait_timeout},
 * two minutes on Neon, while PostgreSQL is unreachable), so without this a client would
 * hang through an outage. Streams (NDJSON, the live feed) are not cut: the deadline only
 * applies until the response is committed.
 * <p>
 * A request whose body is still arriving at the deadline is the client's delay, not the
 * database's: 408, and the connection closes, rather than a 503 that would count a slow
 * or stalled client as a database outage.
 */
@Component
class RequestDeadline {

	private final Duration deadline;

	RequestDeadline(DatabaseSettings settings) {
		this.deadline = settings.pool().timeout();
	}

	/**
	 * {@code handling}, failed once the deadline passes with no response started;
	 * {@code body} may be null.
	 */
	Mono<Void> bound(ServerWebExchange exchange, Mono<Void> handling, GuardedBody body) {
		Mono<Long> expired = Mono.delay(deadline)
			.flatMap(tick -> exchange.getResponse().isCommitted() ? Mono.never() : Mono.just(tick));
		return handling.timeout(expired, Mono
			.error(() -> body != null && body.arriving() ? bodyTooSlow() : new RequestDeadlineExceeded(deadline)));
	}

	private ProblemException bodyTooSlow() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONNECTION, "close");
		return new ProblemException(HttpStatus.REQUEST_TIMEOUT,
				"The request body did not arrive within " + deadline.toSeconds() + " s.", Map.of(), headers);
	}

	/**
	 * A {@link TimeoutException}, so it is answered like any other database
	 * unavailability.
	 */
	static class RequestDeadlineExceeded extends TimeoutException {

		RequestDeadlineExceeded(Duration deadline) {
			super("no response within " + deadline.toSeconds() + " s (DB_POOL_TIMEOUT)");
		}

	}

}
