package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Before the port opens: waits for both endpoints (a Neon compute may be waking up) with
 * exponential backoff, then applies pending migrations when {@code MIGRATE_ON_STARTUP} is
 * on. Several instances starting at once queue on Liquibase's lock. A database that
 * refuses this server's TLS or credentials is not waking up: that stops startup at once,
 * naming the setting to fix.
 */
public class DatabaseStartup implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

	private static final Duration FIRST_DELAY = Duration.ofMillis(250);

	private static final Duration MAX_DELAY = Duration.ofSeconds(5);

	private final DatabaseSettings settings;

	private final Migrations migrations;

	public DatabaseStartup(DatabaseSettings settings, Migrations migrations) {
		this.settings = settings;
		this.migrations = migrations;
	}

	@Override
	public void afterPropertiesSet() throws InterruptedException {
		long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
		// Direct first: it is what a waking compute answers last through the pooler, and
		// what migrations need.
		waitFor(settings.direct(), migrations::connect, deadline);
		if (!settings.pooled().equals(settings.direct())) {
			waitFor(settings.pooled(), () -> JdbcConnections.open(settings.pooled()), deadline);
		}
		if (settings.migrateOnStartup()) {
			migrations.upgrade();
			log.info("Database schema is up to date");
		}
		applyStatementTimeout();
	}

	/**
	 * A transaction-mode pooler drops session settings and startup parameters, so the
	 * statement timeout is kept where every server connection picks it up: as the pooled
	 * role's default in this database. Connections the pooler opened before keep their
	 * old value until it recycles them.
	 */
	private void applyStatementTimeout() {
		DatabaseUrl pooled = settings.pooled();
		long millis = settings.statementTimeout().toMillis();
		// The SET covers the very server connection the pooler used for this, which
		// predates the new default.
		String sql = "ALTER ROLE CURRENT_USER IN DATABASE " + quoteIdentifier(pooled.database())
				+ (millis == 0 ? " RESET statement_timeout" : " SET statement_timeout = " + millis)
				+ "; SET statement_timeout = " + millis;
		try (Connection connection = JdbcConnections.open(pooled); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException e) {
			// The endpoint answered moments ago, so only a refusal of this kind is worth
			// stopping for.
			configurationProblem(e).ifPresent(problem -> {
				throw refused(pooled, problem);
			});
			log.warn("Could not set DB_STATEMENT_TIMEOUT as the role's default ({}); statements run without it",
					e.getMessage());
		}
	}

	private static String quoteIdentifier(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private void waitFor(DatabaseUrl url, Connector connector, long deadline) throws InterruptedException {
		Duration delay = FIRST_DELAY;
		int attempt = 1;
		while (true) {
			try (Connection ignored = connector.connect()) {
				if (attempt > 1) {
					log.info("Database at {} is reachable after {} attempts", url.masked(), attempt);
				}
				return;
			}
			catch (SQLException e) {
				Optional<String> problem = configurationProblem(e);
				if (problem.isPresent()) {
					throw refused(url, problem.get());
				}
				if (System.nanoTime() + delay.toNanos() > deadline) {
					throw new DatabaseUnavailableException(
							"database at %s (%s) did not answer within %d s (DB_STARTUP_TIMEOUT), %s: %s".formatted(
									url.masked(), url.variable(), settings.startupTimeout().toSeconds(),
									attempts(attempt, url.connectTimeout()), firstLine(e.getMessage())));
				}
				log.warn("Database at {} not reachable yet ({}); retrying in {} ms", url.masked(),
						firstLine(e.getMessage()), delay.toMillis());
				Thread.sleep(delay.toMillis());
				delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
				attempt++;
			}
		}
	}

	/**
	 * How the time went: a single attempt means one connection attempt outlasted the
	 * startup timeout.
	 */
	private static String attempts(int attempts, Duration connectTimeout) {
		return attempts + (attempts == 1 ? " attempt" : " attempts") + (connectTimeout.isZero()
				? " without a time limit" : " of at most " + connectTimeout.toSeconds() + " s") + " (connect_timeout)";
	}

	private static SettingsException refused(DatabaseUrl url, String problem) {
		return new SettingsException(url.variable(), url.masked() + " was refused: " + problem);
	}

	/**
	 * What the user must fix when a connection failed for a reason waiting will not cure
	 * (TLS, the certificate, the password, channel binding, a database that does not
	 * exist), or empty when the database may simply not be up yet (refused, unreachable,
	 * timed out, starting up, too many connections) and retrying is right. pgJDBC tells
	 * the two apart only by SQLSTATE, the exception's cause and, for the host name check,
	 * its message.
	 */
	static Optional<String> configurationProblem(SQLException e) {
		String state = e.getSQLState() == null ? "" : e.getSQLState();
		String message = firstLine(e.getMessage());
		if (state.equals("28P01") || state.equals("28000")) {
			return Optional.of("authentication failed: " + message + " (SQLSTATE " + state + ")");
		}
		if (state.equals("3D000")) {
			return Optional.of(message + " (the URL's path names the database)");
		}
		if (state.equals("08004")) {
			// pgJDBC's own refusals: no TLS where sslmode needs it, channel binding
			// impossible, a SCRAM failure.
			String hint = message.contains("does not support SSL")
					? " (sslmode=require and the verify modes need a server that offers TLS)" : "";
			return Optional.of(message + hint);
		}
		if (state.equals("08P01") && message.contains("SSL required")) {
			// PgBouncer with client_tls_sslmode=require, as Neon's, to a client that did
			// not ask for TLS.
			return Optional.of(message + " (the server only takes TLS: set sslmode=require or verify-full)");
		}
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			if (cause instanceof GeneralSecurityException) {
				return Optional.of("the server's TLS certificate is not trusted: " + firstLine(cause.getMessage())
						+ " (sslrootcert names the CA to trust; system means the JVM's trust store)");
			}
		}
		if (message.contains("could not be verified by hostnameverifier")) {
			return Optional.of("the server's TLS certificate does not name this host: " + message
					+ " (use the host name the certificate was issued for, or sslmode=verify-ca)");
		}
		return Optional.empty();
	}

	private static String firstLine(String message) {
		return message == null ? "" : message.lines().findFirst().orElse("");
	}

	@FunctionalInterface
	private interface Connector {

		Connection connect() throws SQLException;

	}

}
