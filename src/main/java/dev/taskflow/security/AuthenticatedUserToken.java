package dev.taskflow.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified bearer token whose subject is an active user. */
class AuthenticatedUserToken extends AbstractAuthenticationToken {

	private final UserStatus status;

	private final Jwt jwt;

	AuthenticatedUserToken(UserStatus status, Jwt jwt) {
		super(AuthorityUtils.createAuthorityList("ROLE_" + status.user().role()));
		this.status = status;
		this.jwt = jwt;
		setAuthenticated(true);
	}

	/** The user's status the token was accepted under. */
	UserStatus status() {
		return status;
	}

	@Override
	public Object getPrincipal() {
		return status.user();
	}

	@Override
	public Object getCredentials() {
		return jwt;
	}

	@Override
	public String getName() {
		return Long.toString(status.user().id());
	}

}
