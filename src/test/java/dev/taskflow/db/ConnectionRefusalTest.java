package dev.taskflow.db;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.EOFException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which connection failures at startup are the user's to fix (stop at once) and which are
 * a database not up yet (retry until DB_STARTUP_TIMEOUT), as pgJDBC reports them.
 */
class ConnectionRefusalTest {

	@Test
	void aDatabaseThatIsDownStartingOrBusyIsRetried() {
		assertThat(DatabaseStartup.configurationProblem(new PSQLException("Connection to 127.0.0.1:5432 refused.",
				PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused"))))
			.isEmpty();
		assertThat(DatabaseStartup.configurationProblem(
				new PSQLException("Connection attempt timed out.", PSQLState.CONNECTION_UNABLE_TO_CONNECT)))
			.isEmpty();
		assertThat(DatabaseStartup
			.configurationProblem(new SQLException("FATAL: the database system is starting up", "57P03"))).isEmpty();
		assertThat(DatabaseStartup
			.configurationProblem(new SQLException("FATAL: sorry, too many clients already", "53300"))).isEmpty();
		// PgBouncer while PostgreSQL behind it is down or waking.
		assertThat(DatabaseStartup.configurationProblem(new SQLException(
				"ERROR: server login has been failing, cached error: connect failed (server_login_retry)", "08P01")))
			.isEmpty();
		// A TLS handshake cut short by a restarting server is not the certificate's
		// fault.
		assertThat(DatabaseStartup.configurationProblem(
				new PSQLException("SSL error: Remote host terminated the handshake", PSQLState.CONNECTION_FAILURE,
						new SSLHandshakeException("Remote host terminated the handshake", new EOFException()))))
			.isEmpty();
	}

	@Test
	void credentialsTlsAndChannelBindingAreTheUsersToFix() {
		assertThat(DatabaseStartup.configurationProblem(
				new SQLException("FATAL: password authentication failed for user \"taskflow\"", "28P01")))
			.hasValueSatisfying(problem -> assertThat(problem).startsWith("authentication failed: FATAL: password"));
		assertThat(DatabaseStartup.configurationProblem(new SQLException(
				"FATAL: no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", database \"d\", no encryption",
				"28000")))
			.isPresent();
		assertThat(DatabaseStartup
			.configurationProblem(new SQLException("FATAL: database \"nope\" does not exist", "3D000")))
			.hasValueSatisfying(problem -> assertThat(problem).contains("names the database"));
		assertThat(DatabaseStartup
			.configurationProblem(new PSQLException("The server does not support SSL.", PSQLState.CONNECTION_REJECTED)))
			.hasValueSatisfying(problem -> assertThat(problem).contains("offers TLS"));
		assertThat(DatabaseStartup.configurationProblem(
				new PSQLException("Channel Binding is required, but SSL is not in use", PSQLState.CONNECTION_REJECTED)))
			.isPresent();
		assertThat(DatabaseStartup.configurationProblem(new SQLException("FATAL: SSL required", "08P01")))
			.hasValueSatisfying(problem -> assertThat(problem).contains("sslmode=require"));
		assertThat(DatabaseStartup.configurationProblem(
				new PSQLException("SSL error: PKIX path building failed", PSQLState.CONNECTION_FAILURE,
						new SSLHandshakeException("PKIX path building failed",
								new CertificateException("unable to find valid certification path")))))
			.hasValueSatisfying(problem -> assertThat(problem).contains("not trusted"));
		assertThat(DatabaseStartup.configurationProblem(new PSQLException(
				"The hostname 127.0.0.1 could not be verified by hostnameverifier PgjdbcHostnameVerifier.",
				PSQLState.CONNECTION_FAILURE)))
			.hasValueSatisfying(problem -> assertThat(problem).contains("does not name this host"));
	}

}
