package dev.taskflow.account;

import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * At most {@value #MAX_FAILURES} failed password checks per account and per client
 * address in a window of {@link #WINDOW}, counted in PostgreSQL so that every server
 * instance enforces the same limit.
 * <p>
 * An attempt is counted before its password is checked, in one atomic upsert, so parallel
 * guesses cannot all slip in under the limit; a success then gives its count back (and
 * clears the account's). No session state is used, so this works through PgBouncer in
 * transaction mode.
 */
@Component
class LoginThrottle {

	static final int MAX_FAILURES = 10;
	static final Duration WINDOW = Duration.ofMinutes(15);

	private final DatabaseClient database;

	LoginThrottle(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Counts an attempt against both keys; fails with 429 and {@code Retry-After} when
	 * either is past the limit.
	 */
	Mono<Void> enter(String accountKey, String addressKey) {
		// Account row before address row in every statement: concurrent upserts lock in
		// the same order.
		return database
			.sql("""
					INSERT INTO login_throttle AS t (key, window_started_at, attempts)
					VALUES (sha256(convert_to(:account, 'UTF8')), now(), 1),
					       (sha256(convert_to(:address, 'UTF8')), now(), 1)
					ON CONFLICT (key) DO UPDATE SET
					    window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => :window)
					                             THEN t.window_started_at ELSE now() END,
					    attempts = CASE WHEN t.window_started_at > now() - make_interval(secs => :window)
					                    THEN t.attempts + 1 ELSE 1 END
					RETURNING t.attempts,
					          ceil(extract(epoch FROM t.window_started_at + make_interval(secs => :window) - now()))::integer
					              AS retry_after""")
			.bind("account", accountKey)
			.bind("address", addressKey)
			.bind("window", (int) WINDOW.toSeconds())
			.map(row -> row.get("attempts", Integer.class) > MAX_FAILURES
					? Math.max(1, row.get("retry_after", Integer.class)) : 0)
			.all()
			.reduce(0, Math::max)
			.flatMap(retryAfter -> retryAfter > 0 ? Mono.<Void>error(tooManyAttempts(retryAfter)) : Mono.<Void>empty());
	}

	/**
	 * The attempt succeeded: the account starts afresh, and the address gets back the
	 * attempt it was charged.
	 */
	Mono<Void> succeeded(String accountKey, String addressKey) {
		return database.sql("""
				WITH reset AS (DELETE FROM login_throttle WHERE key = sha256(convert_to(:account, 'UTF8')))
				UPDATE login_throttle SET attempts = attempts - 1
				WHERE key = sha256(convert_to(:address, 'UTF8')) AND attempts > 0""")
			.bind("account", accountKey)
			.bind("address", addressKey)
			.then();
	}

	/** Removes windows that have ended; they no longer limit anyone. */
	Mono<Long> forgetEnded() {
		return database
			.sql("DELETE FROM login_throttle WHERE window_started_at <= now() - make_interval(secs => :window)")
			.bind("window", (int) WINDOW.toSeconds())
			.fetch()
			.rowsUpdated();
	}

	private static ProblemException tooManyAttempts(int retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-in attempts; retry later.",
				Map.of(), headers);
	}

}
