package dev.taskflow.idempotency;

import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * Makes a write happen once per idempotency key. Must run inside the caller's
 * transaction, together with the write it guards: the key is claimed first, so a
 * concurrent retry with the same key waits on the claim's row lock until the first
 * transaction ends, then finds the recorded response instead of writing again. If the
 * first transaction rolls back, its claim goes with it and the retry does the work
 * itself.
 */
@Component
public class IdempotencyKeys {

	public static final Duration RETENTION = Duration.ofHours(24);

	private final DatabaseClient database;

	private final JsonMapper json;

	public IdempotencyKeys(DatabaseClient database, JsonMapper json) {
		this.database = database;
		this.json = json;
	}

	/**
	 * Runs {@code work} and records its result under {@code key}, or, if the key was used
	 * before and has not expired, returns the recorded result without running it. A key
	 * reused for a different request is 422. Without a key, simply runs {@code work}. The
	 * result is recorded as JSON and read back as {@code type}: the handler renders the
	 * answer from it, the same for the first request and every retry.
	 */
	public <T> Mono<Once<T>> once(IdempotencyKey key, Mono<T> work, Class<T> type) {
		if (key == null) {
			return work.map(Once::fresh);
		}
		return claim(key).flatMap(claimed -> claimed
				? work.flatMap(result -> record(key, result).thenReturn(Once.fresh(result))) : recorded(key, type));
	}

	/**
	 * True if this transaction now owns the key: it was unused, or its earlier use has
	 * expired.
	 */
	private Mono<Boolean> claim(IdempotencyKey key) {
		return database.sql("""
				INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, expires_at)
				VALUES (:userId, :key, :fingerprint, now() + make_interval(secs => :retentionSeconds))
				ON CONFLICT (user_id, idempotency_key) DO UPDATE
				    SET fingerprint = excluded.fingerprint, expires_at = excluded.expires_at,
				        created_at = now(), response_status = NULL, response_headers = NULL, response_body = NULL
				    WHERE idempotency_keys.expires_at <= now()""")
			.bind("userId", key.userId())
			.bind("key", key.key())
			.bind("fingerprint", key.fingerprint())
			.bind("retentionSeconds", (double) RETENTION.toSeconds())
			.fetch()
			.rowsUpdated()
			.map(rows -> rows == 1);
	}

	/**
	 * Every write guarded here creates, so the status recorded is always 201; the headers
	 * (Location, ETag) follow from the result and are rendered again from it.
	 */
	private Mono<Void> record(IdempotencyKey key, Object result) {
		return database.sql("""
				UPDATE idempotency_keys
				SET response_status = :status, response_headers = CAST(:headers AS jsonb), response_body = :body
				WHERE user_id = :userId AND idempotency_key = :key""")
			.bind("status", (short) HttpStatus.CREATED.value())
			.bind("headers", "{}")
			.bind("body", json.writeValueAsString(result))
			.bind("userId", key.userId())
			.bind("key", key.key())
			.then();
	}

	private <T> Mono<Once<T>> recorded(IdempotencyKey key, Class<T> type) {
		return database.sql("""
				SELECT fingerprint, response_status, response_body
				FROM idempotency_keys
				WHERE user_id = :userId AND idempotency_key = :key""")
			.bind("userId", key.userId())
			.bind("key", key.key())
			.map(row -> new Stored(row.get("fingerprint", String.class), row.get("response_status", Short.class),
					row.get("response_body", String.class)))
			.one()
			.filter(stored -> stored.status() != null)
			// Only possible if the key expired and was purged in between: the client may
			// simply retry.
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.CONFLICT,
					"This Idempotency-Key changed state while the request ran; retry it.")))
			.map(stored -> {
				if (!stored.fingerprint().equals(key.fingerprint())) {
					throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
							"This Idempotency-Key was already used for a different request.");
				}
				return new Once<>(json.readValue(stored.body(), type), true);
			});
	}

	/**
	 * Removes keys past their expiry; a key is honoured until then whether or not this
	 * has run.
	 */
	public Mono<Long> purgeExpired() {
		return database.sql("DELETE FROM idempotency_keys WHERE expires_at <= now()").fetch().rowsUpdated();
	}

	private record Stored(String fingerprint, Short status, String body) {
	}

}
