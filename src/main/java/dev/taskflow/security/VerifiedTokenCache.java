package dev.taskflow.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Remembers tokens whose signature and claims were already verified, so a client that
 * sends the same token on every request pays for parsing and verifying it once: that was
 * about a tenth of the server's work per get by id (bench/README.md). A remembered token
 * is checked against the timestamp validator again on every use, so it still stops
 * working the moment it expires; a token that fails it goes back to the full decoder,
 * which gives the usual error. The key is the whole token, so a token that differs in any
 * byte is verified from scratch.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	/** Bounded: about 10 MB of heap at most, however many different tokens arrive. */
	private static final int MAXIMUM_SIZE = 10_000;

	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

	private final ReactiveJwtDecoder decoder;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder()
		.maximumSize(MAXIMUM_SIZE)
		.expireAfterWrite(TIME_TO_LIVE)
		.build();

	VerifiedTokenCache(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator) {
		this.decoder = decoder;
		this.validator = validator;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = verifiedBefore(token);
		return known != null ? Mono.just(known) : decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
	}

	/**
	 * The token, if it was verified before and still passes the validators; else
	 * {@code null}.
	 */
	Jwt verifiedBefore(String token) {
		Jwt known = verified.getIfPresent(token);
		if (known == null) {
			return null;
		}
		if (!validator.validate(known).hasErrors()) {
			return known;
		}
		verified.invalidate(token);
		return null;
	}

}
