package dev.taskflow.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Before the port opens: waits for the database (a Neon compute may be waking up) with exponential backoff, then
 * applies pending migrations when {@code MIGRATE_ON_STARTUP} is on. Several instances starting at once queue on
 * Liquibase's lock.
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
        waitForDatabase();
        if (settings.migrateOnStartup()) {
            migrations.upgrade();
            log.info("Database schema is up to date");
        }
        applyStatementTimeout();
    }

    /**
     * A transaction-mode pooler drops session settings and startup parameters, so the statement timeout is kept where
     * every server connection picks it up: as the pooled role's default in this database. Connections the pooler
     * opened before keep their old value until it recycles them.
     */
    private void applyStatementTimeout() {
        DatabaseUrl pooled = settings.pooled();
        long millis = settings.statementTimeout().toMillis();
        // The SET covers the very server connection the pooler used for this, which predates the new default.
        String sql = "ALTER ROLE CURRENT_USER IN DATABASE " + quoteIdentifier(pooled.database())
                + (millis == 0 ? " RESET statement_timeout" : " SET statement_timeout = " + millis)
                + "; SET statement_timeout = " + millis;
        try (Connection connection = JdbcConnections.open(pooled); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            log.warn("Could not set DB_STATEMENT_TIMEOUT as the role's default ({}); statements run without it", e.getMessage());
        }
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private void waitForDatabase() throws InterruptedException {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        Duration delay = FIRST_DELAY;
        int attempt = 1;
        while (true) {
            try (Connection ignored = migrations.connect()) {
                if (attempt > 1) {
                    log.info("Database is reachable after {} attempts", attempt);
                }
                return;
            } catch (SQLException e) {
                if (System.nanoTime() + delay.toNanos() > deadline) {
                    throw new DatabaseUnavailableException("database at " + settings.direct().masked()
                            + " did not answer within " + settings.startupTimeout().toSeconds()
                            + " s (DB_STARTUP_TIMEOUT): " + e.getMessage());
                }
                log.warn("Database not reachable yet ({}); retrying in {} ms", e.getMessage(), delay.toMillis());
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
                attempt++;
            }
        }
    }
}
