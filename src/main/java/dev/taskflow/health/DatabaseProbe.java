package dev.taskflow.health;

import io.r2dbc.spi.R2dbcException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One round trip through the pooled endpoint, bounded to two seconds, so a health check
 * answers within three even while the database or the pooler is down, or silent (a frozen
 * pooler, a dark network path: nothing refuses, nothing answers, and only this bound ends
 * the wait).
 */
@Component
public class DatabaseProbe {

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final DatabaseClient database;

	public DatabaseProbe(DatabaseClient database) {
		this.database = database;
	}

	public Mono<DatabaseCheck> check() {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return database.sql("SELECT 1")
				.map(row -> 1)
				.first()
				.timeout(TIMEOUT)
				.map(ignored -> DatabaseCheck.up((System.nanoTime() - started) / 1_000_000))
				.onErrorResume(error -> Mono.just(DatabaseCheck.down(describe(error))));
		});
	}

	/** What went wrong, in words that carry no host credentials or SQL. */
	static String describe(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return "no answer within " + TIMEOUT.toSeconds() + " s";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return "database error (SQLSTATE " + r2dbc.getSqlState() + ")";
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return "connection failed";
	}

	public record DatabaseCheck(boolean up, long latencyMs, String error) {

		static DatabaseCheck up(long latencyMs) {
			return new DatabaseCheck(true, latencyMs, null);
		}

		static DatabaseCheck down(String error) {
			return new DatabaseCheck(false, -1, error);
		}
	}

}
