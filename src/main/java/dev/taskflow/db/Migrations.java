package dev.taskflow.db;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Liquibase over JDBC on the direct endpoint: never through the pooler, since Liquibase
 * holds a session lock and runs DDL that must not be split across server connections.
 * Used at startup and by {@code db …} commands.
 */
public final class Migrations {

	public static final String CHANGELOG = "db-changelog/changelog.yaml";

	static {
		// Liquibase would otherwise try to phone home with usage analytics.
		System.setProperty("liquibase.analytics.enabled", "false");
		System.setProperty("liquibase.showBanner", "false");
	}

	private final DatabaseUrl direct;

	public Migrations(DatabaseUrl direct) {
		this.direct = direct;
	}

	public void upgrade() {
		run(liquibase -> {
			liquibase.update(new Contexts(), new LabelExpression());
			return null;
		});
	}

	public void downgrade(int count) {
		run(liquibase -> {
			liquibase.rollback(count, new Contexts(), new LabelExpression());
			return null;
		});
	}

	/**
	 * Marks every changeset as applied without running it, for a schema created some
	 * other way.
	 */
	public void stamp() {
		run(liquibase -> {
			liquibase.changeLogSync(new Contexts(), new LabelExpression());
			return null;
		});
	}

	public List<ChangeSet> pending() {
		return run(liquibase -> liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()));
	}

	/** Applied changesets, oldest first. */
	public List<RanChangeSet> history() {
		return run(liquibase -> liquibase.getDatabase().getRanChangeSetList());
	}

	public Connection connect() throws SQLException {
		return JdbcConnections.open(direct);
	}

	private Connection connectForMigration() throws SQLException {
		Connection connection = connect();
		try (Statement statement = connection.createStatement()) {
			// The role's default statement timeout is for request traffic; an index build
			// may take longer.
			statement.execute("SET statement_timeout = 0");
		}
		return connection;
	}

	private <T> T run(Work<T> work) {
		try (Connection connection = connectForMigration()) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			Map<String, Object> scope = Map.of(Scope.Attr.resourceAccessor.name(),
					new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()));
			return Scope.child(scope, () -> work
				.apply(new Liquibase(CHANGELOG, Scope.getCurrentScope().getResourceAccessor(), database)));
		}
		catch (SQLException e) {
			throw new MigrationException("cannot connect to " + direct.masked() + ": " + e.getMessage(), e);
		}
		catch (MigrationException e) {
			throw e;
		}
		catch (Exception e) {
			throw new MigrationException(rootMessage(e), e);
		}
	}

	private static String rootMessage(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
	}

	@FunctionalInterface
	private interface Work<T> {

		T apply(Liquibase liquibase) throws LiquibaseException;

	}

	/** A migration that failed; the message is one line fit for a terminal. */
	public static class MigrationException extends RuntimeException {

		public MigrationException(String message, Throwable cause) {
			super(message.lines().findFirst().orElse(message), cause);
		}

	}

}
