package dev.taskflow.security;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who a token's subject is now. Checked on every request, so deactivating or deleting an account locks out its
 * tokens at once, and a role change applies to the next request.
 */
@Component
class UserStatusLookup {

    private final DatabaseClient database;

    UserStatusLookup(DatabaseClient database) {
        this.database = database;
    }

    Mono<AuthenticatedUser> findActive(long id) {
        return database.sql("SELECT id, role FROM users WHERE id = :id AND is_active AND deleted_at IS NULL")
                .bind("id", id)
                .map(row -> new AuthenticatedUser(row.get("id", Long.class), row.get("role", String.class)))
                .one()
                // A feed stream's request lives for hours: let the finished query's objects go with it.
                .onTerminateDetach();
    }
}
