package dev.taskflow.account;

import dev.taskflow.security.AuthSettings;
import dev.taskflow.security.UserStatus;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens with the claims another service sharing the secret would put in (sub,
 * iat, exp), and the user's token version, which a password change moves on.
 */
@Component
class TokenIssuer {

	private final JwtEncoder encoder;

	private final Duration ttl;

	TokenIssuer(JwtEncoder encoder, AuthSettings settings) {
		this.encoder = encoder;
		this.ttl = settings.tokenTtl();
	}

	TokenResponse issue(long userId, int tokenVersion) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(Long.toString(userId))
			.issuedAt(now)
			.expiresAt(now.plus(ttl))
			.claim(UserStatus.TOKEN_VERSION_CLAIM, tokenVersion)
			.build();
		String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new TokenResponse(token, "Bearer", ttl.toSeconds());
	}

}
