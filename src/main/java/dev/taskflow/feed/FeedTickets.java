package dev.taskflow.feed;

import dev.taskflow.security.UserStatus;
import dev.taskflow.security.UserStatusLookup;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Single-use tickets for {@code EventSource}, which cannot send an Authorization header.
 * Kept in PostgreSQL (as a hash) so a ticket issued by one instance works on another;
 * redeeming deletes it.
 */
@Component
class FeedTickets {

	static final Duration VALIDITY = Duration.ofSeconds(60);

	record Ticket(String ticket, Instant expiresAt) {
	}

	private final DatabaseClient database;

	private final SecureRandom random = new SecureRandom();

	FeedTickets(DatabaseClient database) {
		this.database = database;
	}

	Mono<Ticket> issue(long userId) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return database.sql("""
				INSERT INTO feed_tickets (ticket_hash, user_id, expires_at, token_version)
				SELECT :hash, id, now() + make_interval(secs => :seconds), token_version
				FROM users WHERE id = :userId
				RETURNING expires_at""")
			.bind("hash", hash(ticket))
			.bind("userId", userId)
			.bind("seconds", (double) VALIDITY.toSeconds())
			.map(row -> new Ticket(ticket, row.get("expires_at", java.time.OffsetDateTime.class).toInstant()))
			.one();
	}

	/**
	 * The ticket's user, if the ticket is valid, unexpired, unused, its user still active
	 * and their tokens not revoked since it was issued.
	 */
	Mono<UserStatus> redeem(String ticket) {
		return database.sql("""
				DELETE FROM feed_tickets t
				USING users u
				WHERE t.ticket_hash = :hash AND t.expires_at > now()
				  AND u.id = t.user_id AND u.is_active AND u.deleted_at IS NULL
				  AND u.token_version = t.token_version
				RETURNING u.id, u.role, u.token_version""")
			.bind("hash", hash(ticket))
			.map(UserStatusLookup::status)
			.one();
	}

	Mono<Long> removeExpired() {
		return database.sql("DELETE FROM feed_tickets WHERE expires_at < now()").fetch().rowsUpdated();
	}

	private static String hash(String ticket) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
