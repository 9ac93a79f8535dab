package dev.taskflow.account;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * The users table. A soft-deleted user is invisible to every query here except the login
 * look-up.
 */
@Repository
class UserRepository {

	private final DatabaseClient database;

	UserRepository(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Fails with {@link UniqueViolation} when the email or the username is taken: the
	 * unique indexes decide.
	 */
	Mono<UserView> insert(NewUser user) {
		return database.sql("""
				INSERT INTO users (email, username, password_hash, full_name)
				VALUES (:email, :username, :passwordHash, :fullName)
				RETURNING id, email, username, full_name, role, is_active, email_verified,
				          created_at, updated_at, last_login_at""")
			.bind("email", user.email())
			.bind("username", user.username())
			.bind("passwordHash", user.passwordHash())
			.bind("fullName", user.fullName())
			.map(UserRepository::toView)
			.one()
			.onErrorMap(UniqueViolation::matches, UniqueViolation::from);
	}

	Mono<UserView> find(long id) {
		return database.sql("""
				SELECT id, email, username, full_name, role, is_active, email_verified,
				       created_at, updated_at, last_login_at
				FROM users
				WHERE id = :id AND deleted_at IS NULL""").bind("id", id).map(UserRepository::toView).one();
	}

	/**
	 * An email holds an '@' and a username cannot, so the login says which column to
	 * search.
	 */
	Mono<LoginCandidate> findForLogin(String normalizedLogin) {
		String sql = normalizedLogin.indexOf('@') >= 0 ? """
				SELECT id, password_hash, is_active AND deleted_at IS NULL AS active, token_version
				FROM users
				WHERE email = :login""" : """
				SELECT id, password_hash, is_active AND deleted_at IS NULL AS active, token_version
				FROM users
				WHERE lower(username) = :login""";
		return database.sql(sql)
			.bind("login", normalizedLogin)
			.map(row -> new LoginCandidate(row.get("id", Long.class), row.get("password_hash", String.class),
					Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("token_version", Integer.class)))
			.one();
	}

	Mono<String> passwordHash(long id) {
		return database.sql("SELECT password_hash FROM users WHERE id = :id AND deleted_at IS NULL")
			.bind("id", id)
			.map(row -> row.get("password_hash", String.class))
			.one();
	}

	Mono<Void> recordLogin(long id) {
		return database.sql("UPDATE users SET last_login_at = now() WHERE id = :id").bind("id", id).then();
	}

	/**
	 * Null leaves a column as it is. A new password moves the token version on: earlier
	 * tokens stop working.
	 */
	Mono<UserView> updateProfile(long id, String fullName, String passwordHash) {
		GenericExecuteSpec spec = database.sql("""
				UPDATE users
				SET full_name = COALESCE(:fullName, full_name),
				    password_hash = COALESCE(:passwordHash, password_hash),
				    token_version = CASE WHEN :passwordHash IS NULL THEN token_version ELSE token_version + 1 END,
				    updated_at = now()
				WHERE id = :id AND deleted_at IS NULL
				RETURNING id, email, username, full_name, role, is_active, email_verified,
				          created_at, updated_at, last_login_at""").bind("id", id);
		spec = bindNullable(spec, "fullName", fullName, String.class);
		spec = bindNullable(spec, "passwordHash", passwordHash, String.class);
		return spec.map(UserRepository::toView).one();
	}

	/** Null leaves a column as it is. */
	Mono<UserView> updateStatus(long id, Boolean active, String role) {
		GenericExecuteSpec spec = database.sql("""
				UPDATE users
				SET is_active = COALESCE(:active, is_active),
				    role = COALESCE(:role, role),
				    updated_at = now()
				WHERE id = :id AND deleted_at IS NULL
				RETURNING id, email, username, full_name, role, is_active, email_verified,
				          created_at, updated_at, last_login_at""").bind("id", id);
		spec = bindNullable(spec, "active", active, Boolean.class);
		spec = bindNullable(spec, "role", role, String.class);
		return spec.map(UserRepository::toView).one();
	}

	/** Whether the user was there to delete. */
	Mono<Boolean> softDelete(long id) {
		return database
			.sql("UPDATE users SET deleted_at = now(), updated_at = now() WHERE id = :id AND deleted_at IS NULL")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0);
	}

	Flux<UserView> page(int limit, long offset) {
		return database.sql("""
				SELECT id, email, username, full_name, role, is_active, email_verified,
				       created_at, updated_at, last_login_at
				FROM users
				WHERE deleted_at IS NULL
				ORDER BY id
				LIMIT :limit OFFSET :offset""")
			.bind("limit", limit)
			.bind("offset", offset)
			.map(UserRepository::toView)
			.all();
	}

	Mono<Long> count() {
		return database.sql("SELECT count(*) AS total FROM users WHERE deleted_at IS NULL")
			.map(row -> row.get("total", Long.class))
			.one();
	}

	private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	private static UserView toView(Readable row) {
		return new UserView(row.get("id", Long.class), row.get("email", String.class),
				row.get("username", String.class), row.get("full_name", String.class), row.get("role", String.class),
				Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
				Boolean.TRUE.equals(row.get("email_verified", Boolean.class)), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("last_login_at", Instant.class));
	}

}
