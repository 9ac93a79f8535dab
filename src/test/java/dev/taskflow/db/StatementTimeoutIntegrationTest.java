package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DB_STATEMENT_TIMEOUT holds through PgBouncer in transaction mode, where session
 * settings do not survive.
 */
class StatementTimeoutIntegrationTest {

	@Test
	void aRunawayStatementOnThePooledEndpointIsCancelled() throws Exception {
		TestDatabase database = TestDatabase.create();
		try (TestServer ignored = TestServer.start(database, Map.of("DB_STATEMENT_TIMEOUT", "1"))) {
			DatabaseUrl pooled = DatabaseUrl.parse("TEST", database.pooledUrl());
			try (var connection = JdbcConnections.open(pooled); var statement = connection.createStatement()) {
				assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(3)")).isInstanceOf(SQLException.class)
					.satisfies(error -> assertThat(((SQLException) error).getSQLState()).isEqualTo("57014"));
			}
		}
	}

}
