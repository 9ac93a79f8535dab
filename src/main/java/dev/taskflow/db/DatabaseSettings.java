package dev.taskflow.db;

import dev.taskflow.config.EnvReader;

import java.time.Duration;

/**
 * Where and how the server talks to PostgreSQL.
 *
 * @param pooled {@code DATABASE_URL}: all request traffic, possibly through PgBouncer in
 * transaction mode
 * @param direct {@code MIGRATION_DATABASE_URL}: Liquibase and anything that needs a
 * session
 * @param preparedStatements whether the pooled endpoint may keep named server-side
 * prepared statements
 */
public record DatabaseSettings(DatabaseUrl pooled, DatabaseUrl direct, PoolSettings pool, boolean preparedStatements,
		Duration startupTimeout, Duration statementTimeout, boolean migrateOnStartup, boolean logSql) {

	public static DatabaseSettings load(EnvReader env) {
		DatabaseUrl pooled = DatabaseUrl.parse("DATABASE_URL", env.string("DATABASE_URL"));
		return new DatabaseSettings(pooled.asPooledEndpoint(), loadDirect(env, pooled), loadPool(env),
				env.bool("DB_PREPARED_STATEMENTS", true), env.seconds("DB_STARTUP_TIMEOUT", 60, 0, 3600),
				env.seconds("DB_STATEMENT_TIMEOUT", 30, 0, 86_400), env.bool("MIGRATE_ON_STARTUP", true),
				env.bool("DEBUG", false));
	}

	/**
	 * How long one run of a housekeeping job may take: the wait for a connection plus the
	 * longest a statement may run. On a silent path nothing else ends it (no statement
	 * reaches PostgreSQL, the kernel gives up after about 15 minutes), and Spring's
	 * scheduler waits for a run to end before the next of any job, the feed's catch-up
	 * included.
	 */
	public Duration jobTimeout() {
		return pool.timeout().plus(statementTimeout.isZero() ? pool.timeout() : statementTimeout);
	}

	/**
	 * Only what the command-line tools need: the direct URL, which may be given on its
	 * own.
	 */
	public static DatabaseUrl loadDirectOnly(EnvReader env) {
		if (env.string("MIGRATION_DATABASE_URL") == null && env.string("DATABASE_URL_DIRECT") == null) {
			return DatabaseUrl.parse("DATABASE_URL", env.string("DATABASE_URL")).direct();
		}
		return loadDirect(env, null);
	}

	private static DatabaseUrl loadDirect(EnvReader env, DatabaseUrl pooled) {
		if (env.string("MIGRATION_DATABASE_URL") != null) {
			return DatabaseUrl.parse("MIGRATION_DATABASE_URL", env.string("MIGRATION_DATABASE_URL"));
		}
		if (env.string("DATABASE_URL_DIRECT") != null) {
			return DatabaseUrl.parse("DATABASE_URL_DIRECT", env.string("DATABASE_URL_DIRECT"));
		}
		return pooled.direct();
	}

	private static PoolSettings loadPool(EnvReader env) {
		return new PoolSettings(env.integer("DB_POOL_SIZE", 5, 0, 10_000), env.integer("DB_MAX_OVERFLOW", 5, 0, 10_000),
				env.seconds("DB_POOL_TIMEOUT", 30, 1, 3600), env.seconds("DB_POOL_RECYCLE", 1800, 1, 86_400),
				env.bool("DB_POOL_PRE_PING", true), env.integer("DB_POOL_MAX_WAITING", 1000, 1, 1_000_000));
	}
}
