package dev.taskflow.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections, used only off the request path: at startup and by the command-line tools. */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    public static Connection open(DatabaseUrl url) throws SQLException {
        Properties properties = url.jdbcProperties();
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
