package dev.taskflow.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified bearer token whose subject is an active user. */
class AuthenticatedUserToken extends AbstractAuthenticationToken {

    private final AuthenticatedUser user;
    private final Jwt jwt;

    AuthenticatedUserToken(AuthenticatedUser user, Jwt jwt) {
        super(AuthorityUtils.createAuthorityList("ROLE_" + user.role()));
        this.user = user;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public Object getCredentials() {
        return jwt;
    }

    @Override
    public String getName() {
        return Long.toString(user.id());
    }
}
