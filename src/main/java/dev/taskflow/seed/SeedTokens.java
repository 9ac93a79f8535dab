package dev.taskflow.seed;

import dev.taskflow.security.AuthSettings;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.time.Instant;

/**
 * Bearer tokens for seeded users, made the way the server makes its own: HS256 with
 * {@code BETTER_AUTH_SECRET} through Spring Security's {@link NimbusJwtEncoder}, claims
 * {@code sub}, {@code iat}, {@code exp} ({@code TOKEN_TTL_SECONDS} from now).
 */
final class SeedTokens {

	private final JwtEncoder encoder;

	private final AuthSettings settings;

	private final Instant issuedAt = Instant.now();

	SeedTokens(AuthSettings settings) {
		this.encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(settings.secret(), "HmacSHA256"))
			.algorithm(MacAlgorithm.HS256)
			.build();
		this.settings = settings;
	}

	String mint(long userId) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(Long.toString(userId))
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(settings.tokenTtl()))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	Instant expiresAt() {
		return issuedAt.plus(settings.tokenTtl());
	}

}
