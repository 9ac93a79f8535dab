package dev.taskflow.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What the database says about a token's subject now: who they are (active, with this
 * role), and which version of their tokens counts (a password change moves it on).
 */
public record UserStatus(AuthenticatedUser user, int tokenVersion) {

	/** The claim that carries the version current when the token was issued. */
	public static final String TOKEN_VERSION_CLAIM = "token_version";

	/**
	 * A token without the claim counts as version 0: one minted by another service
	 * sharing the secret works until the user's password first changes through this
	 * server.
	 */
	boolean accepts(Jwt token) {
		Object claim = token.getClaims().get(TOKEN_VERSION_CLAIM);
		long version = claim == null ? 0 : claim instanceof Number number ? number.longValue() : -1;
		return version == tokenVersion;
	}
}
