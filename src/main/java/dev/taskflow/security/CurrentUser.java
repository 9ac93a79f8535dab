package dev.taskflow.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.ServerRequest;
import dev.taskflow.web.ProblemException;
import reactor.core.publisher.Mono;

/** How a handler learns who is calling. Routes that use it are behind authentication, so a caller is always there. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Mono<AuthenticatedUser> of(ServerRequest request) {
        return request.principal()
                .filter(Authentication.class::isInstance)
                .map(principal -> ((Authentication) principal).getPrincipal())
                .filter(AuthenticatedUser.class::isInstance)
                .cast(AuthenticatedUser.class)
                .switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "Authentication is required.")));
    }

    /** The caller's status as it was when their token was accepted for this request. */
    public static Mono<UserStatus> status(ServerRequest request) {
        return request.principal()
                .filter(AuthenticatedUserToken.class::isInstance)
                .map(principal -> ((AuthenticatedUserToken) principal).status())
                .switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "Authentication is required.")));
    }

    public static Mono<Long> id(ServerRequest request) {
        return of(request).map(AuthenticatedUser::id);
    }
}
