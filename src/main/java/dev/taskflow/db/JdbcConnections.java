package dev.taskflow.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Plain JDBC connections, used only off the request path: at startup and by the
 * command-line tools.
 */
public final class JdbcConnections {

	private JdbcConnections() {
	}

	/**
	 * Timeouts, TLS, keepalive and application name come from the URL
	 * ({@link DatabaseUrl#jdbcProperties()}).
	 */
	public static Connection open(DatabaseUrl url) throws SQLException {
		return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
	}

}
