package dev.taskflow.db;

import dev.taskflow.config.EnvReader;
import dev.taskflow.config.SettingsException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Where and how the server talks to PostgreSQL. Each property is also set by the variable
 * named with it (see {@code .env.example}).
 *
 * @param pool The connection pool (DB_POOL_*)
 * @param pooled The pooled endpoint, used by all request traffic, possibly through
 * PgBouncer in transaction mode (DATABASE_URL; postgresql://user:password@host/db with
 * libpq's parameters)
 * @param direct The direct endpoint, used by Liquibase and the live feed's LISTEN
 * connection (MIGRATION_DATABASE_URL or DATABASE_URL_DIRECT); unset: a Neon pooler host
 * without "-pooler", else the pooled URL
 * @param preparedStatements Whether the pooled endpoint may keep named server-side
 * prepared statements; false behind a pooler older than PgBouncer 1.21
 * (DB_PREPARED_STATEMENTS)
 * @param startupTimeout How long to keep retrying an unreachable database at startup
 * (DB_STARTUP_TIMEOUT, seconds)
 * @param statementTimeout The longest a single statement may run; 0 for no limit
 * (DB_STATEMENT_TIMEOUT, seconds)
 * @param migrateOnStartup Whether pending Liquibase changesets are applied at startup
 * (MIGRATE_ON_STARTUP)
 * @param logSql Whether SQL statements are logged, never their parameters (DEBUG)
 */
@ConfigurationProperties("taskflow.db")
public record DatabaseSettings(@Name("url") DatabaseUrl pooled, @Name("migration-url") DatabaseUrl direct,
		@DefaultValue @NestedConfigurationProperty PoolSettings pool, @DefaultValue("true") boolean preparedStatements,
		@DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration startupTimeout,
		@DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration statementTimeout,
		@DefaultValue("true") boolean migrateOnStartup, @DefaultValue("false") boolean logSql) {

	public DatabaseSettings {
		if (pooled == null) {
			DatabaseUrl.parse("DATABASE_URL", null);
		}
		pooled = pooled.named("DATABASE_URL");
		direct = direct == null ? pooled.direct() : direct.named("MIGRATION_DATABASE_URL");
		pooled = pooled.asPooledEndpoint();
		SettingsException.requireBetween("DB_STARTUP_TIMEOUT", startupTimeout.toSeconds(), 0, 3600);
		SettingsException.requireBetween("DB_STATEMENT_TIMEOUT", statementTimeout.toSeconds(), 0, 86_400);
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
	 * Only what the command-line tools need, which run without Spring: the direct URL,
	 * which may be given on its own.
	 */
	public static DatabaseUrl loadDirectOnly(EnvReader env) {
		if (env.string("MIGRATION_DATABASE_URL") != null) {
			return DatabaseUrl.parse("MIGRATION_DATABASE_URL", env.string("MIGRATION_DATABASE_URL"));
		}
		if (env.string("DATABASE_URL_DIRECT") != null) {
			return DatabaseUrl.parse("DATABASE_URL_DIRECT", env.string("DATABASE_URL_DIRECT"));
		}
		return DatabaseUrl.parse("DATABASE_URL", env.string("DATABASE_URL")).direct();
	}

}
