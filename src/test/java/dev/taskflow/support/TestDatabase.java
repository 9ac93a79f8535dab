package dev.taskflow.support;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database per test run (the Neon-branch pattern): created on first use, dropped
 * when the run ends. The pooled URL goes through the local PgBouncer in transaction mode;
 * the direct URL goes straight to PostgreSQL, exactly as on Neon. {@code TEST_POOLED_URL}
 * and {@code TEST_DIRECT_URL} point elsewhere; the defaults are what
 * {@code scripts/local-services.sh} starts. {@code TEST_DATABASE=testcontainers} uses a
 * container instead.
 */
public final class TestDatabase {

	private static final String DEFAULT_POOLED = "postgresql://taskflow:taskflow@127.0.0.1:6432/taskflow";

	private static final String DEFAULT_DIRECT = "postgresql://taskflow:taskflow@127.0.0.1:5432/taskflow";

	private static final List<String> created = new ArrayList<>();

	private static TestDatabase main;

	private final String name;

	private final String pooledUrl;

	private final String directUrl;

	private TestDatabase(String name) {
		this(name, withDatabase(baseUrl("TEST_POOLED_URL", DEFAULT_POOLED), name),
				withDatabase(baseUrl("TEST_DIRECT_URL", DEFAULT_DIRECT), name));
	}

	private TestDatabase(String name, String pooledUrl, String directUrl) {
		this.name = name;
		this.pooledUrl = pooledUrl;
		this.directUrl = directUrl;
	}

	/**
	 * A database this class did not create (and will not drop), such as the fault tests'
	 * private cluster.
	 */
	public static TestDatabase existing(String pooledUrl, String directUrl) {
		return new TestDatabase(DatabaseUrl.parse("TEST", directUrl).database(), pooledUrl, directUrl);
	}

	/**
	 * The run's database, migrated, shared by every test that does not need a schema of
	 * its own.
	 */
	public static synchronized TestDatabase main() {
		if (main == null) {
			main = create();
			new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", main.directUrl())).upgrade();
		}
		return main;
	}

	/**
	 * A further empty database for tests that take the schema up and down; dropped with
	 * the rest.
	 */
	public static synchronized TestDatabase create() {
		String name = "taskflow_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
				+ "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
		admin("CREATE DATABASE " + name);
		created.add(name);
		return new TestDatabase(name);
	}

	/** Called once when the test run ends. */
	static synchronized void dropAll() {
		for (String name : created) {
			admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		created.clear();
	}

	public String name() {
		return name;
	}

	public String pooledUrl() {
		return pooledUrl;
	}

	public String directUrl() {
		return directUrl;
	}

	/**
	 * A JDBC connection over the direct URL, for checking what really is in the database.
	 */
	public Connection connect() throws SQLException {
		DatabaseUrl url = DatabaseUrl.parse("TEST_DIRECT_URL", directUrl());
		return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
	}

	public long count(String sql, Object... parameters) {
		try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (var result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	public String string(String sql) {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	public void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void admin(String sql) {
		DatabaseUrl url = DatabaseUrl.parse("TEST_DIRECT_URL", baseUrl("TEST_DIRECT_URL", DEFAULT_DIRECT));
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot run '" + sql + "' on " + url.masked()
					+ " (is scripts/local-services.sh running?): " + e.getMessage(), e);
		}
	}

	private static String baseUrl(String variable, String fallback) {
		if (ContainerDatabase.enabled()) {
			return ContainerDatabase.baseUrl();
		}
		String value = System.getenv(variable);
		return value == null || value.isBlank() ? fallback : value;
	}

	private static String withDatabase(String url, String database) {
		int slash = url.indexOf('/', url.indexOf("://") + 3);
		int query = url.indexOf('?', slash);
		return url.substring(0, slash + 1) + database + (query >= 0 ? url.substring(query) : "");
	}

}
