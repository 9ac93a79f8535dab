package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.resources.LoopResources;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every form of connection string users paste, and what is wrong with the ones that
 * cannot work.
 */
class DatabaseUrlTest {

	@ParameterizedTest
	@ValueSource(strings = { "postgresql://alice:s3cret@db.example.com:6543/tasks",
			"postgres://alice:s3cret@db.example.com:6543/tasks",
			"postgresql+asyncpg://alice:s3cret@db.example.com:6543/tasks",
			"r2dbc:postgresql://alice:s3cret@db.example.com:6543/tasks",
			"jdbc:postgresql://alice:s3cret@db.example.com:6543/tasks" })
	void acceptsEveryCommonScheme(String raw) {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", raw);

		assertThat(url.host()).isEqualTo("db.example.com");
		assertThat(url.port()).isEqualTo(6543);
		assertThat(url.database()).isEqualTo("tasks");
		assertThat(url.user()).isEqualTo("alice");
		assertThat(url.password()).isEqualTo("s3cret");
	}

	@Test
	void neonConsoleFormKeepsChannelBindingAndTlsOnBothDrivers() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://neondb_owner:npg_abc@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require");

		assertThat(url.port()).isEqualTo(5432);
		assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(url.jdbcUrl()).contains("sslmode=require").contains("channelBinding=require");
		assertThat(url.r2dbcUrl()).doesNotContain("channel").doesNotContain("npg_abc");
		assertThat(r2dbc(url)).contains("channelBindingMode='require'").contains("sslMode='require'");
	}

	@Test
	void asThePooledEndpointRequiredChannelBindingIsPreferredSinceAPgBouncerCannotOfferIt() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require");

		assertThat(r2dbc(url.asPooledEndpoint())).contains("channelBindingMode='prefer'").contains("sslMode='require'");
		assertThat(url.asPooledEndpoint().jdbcUrl()).contains("channelBinding=prefer");
		assertThat(url.direct().channelBinding()).as("the direct endpoint keeps it").isEqualTo("require");
	}

	@Test
	void withoutChannelBindingInTheUrlBothDriversPreferIt() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@db.internal/db");

		assertThat(url.jdbcUrl()).doesNotContain("channelBinding");
		assertThat(r2dbc(url)).contains("channelBindingMode='prefer'");
	}

	@Test
	void sslRootCertIsTheCaBothDriversTrust(@TempDir Path dir) throws Exception {
		Path ca = aCertificateFile(dir);
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@localhost:6433/db?sslmode=verify-full&sslrootcert=" + ca);

		assertThat(url.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(url.rootCertFile()).isEqualTo(ca);
		assertThat(url.jdbcProperties().getProperty("sslrootcert")).isEqualTo(ca.toString());
		assertThat(url.jdbcProperties().getProperty("sslfactory")).isNull();
		assertThat(r2dbc(url)).contains("sslRootCert='" + ca.toUri().toURL() + "'").contains("sslMode='verify-full'");
	}

	@Test
	void sslRootCertWithRequireChecksTheCaAsLibpqDoes(@TempDir Path dir) throws Exception {
		Path ca = aCertificateFile(dir);
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@db.internal/db?sslmode=require&sslrootcert=" + ca);

		assertThat(url.sslMode()).isEqualTo(SslMode.VERIFY_CA);
		assertThat(url.jdbcProperties().getProperty("sslrootcert")).isEqualTo(ca.toString());
	}

	@Test
	void sslRootCertSystemMeansTheJvmTrustStoreOnBothDrivers() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@ep-x.us-east-2.aws.neon.tech/db?sslmode=verify-full&sslrootcert=system");

		assertThat(url.rootCertFile()).isNull();
		Properties jdbc = url.jdbcProperties();
		assertThat(jdbc.getProperty("sslfactory")).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
		assertThat(jdbc.getProperty("sslrootcert")).isNull();
		assertThat(r2dbc(url)).contains("sslRootCert='null'").contains("sslMode='verify-full'");
	}

	@Test
	void sslRootCertSystemAloneMeansVerifyFullAsInLibpq() {
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/db?sslrootcert=system").sslMode())
			.isEqualTo(SslMode.VERIFY_FULL);
	}

	@Test
	void sslRootCertSystemNeedsVerifyFullAsInLibpq() {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:hunter22@db.internal/db?sslmode=require&sslrootcert=system"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("DATABASE_URL: has sslrootcert=system with sslmode=require")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void anSslRootCertThatCannotBeReadIsNamed(@TempDir Path dir) throws Exception {
		assertThatThrownBy(() -> DatabaseUrl.parse("MIGRATION_DATABASE_URL",
				"postgresql://u:hunter22@localhost/db?sslmode=verify-full&sslrootcert=" + dir.resolve("missing.crt")))
			.isInstanceOf(SettingsException.class)
			.hasMessage("MIGRATION_DATABASE_URL: has sslrootcert=" + dir.resolve("missing.crt")
					+ ", which is not a readable file");
		Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:hunter22@localhost/db?sslmode=verify-full&sslrootcert=" + garbage))
			.isInstanceOf(SettingsException.class)
			.hasMessageContaining("which is not a PEM certificate file")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void applicationNameDefaultsToTaskflowAndTheUrlsNameWinsOnBothDrivers() {
		DatabaseUrl plain = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/db");
		DatabaseUrl named = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@localhost/db?application_name=billing%20worker");

		assertThat(plain.jdbcUrl()).contains("ApplicationName=taskflow");
		assertThat(r2dbc(plain)).contains("applicationName='taskflow'");
		assertThat(named.jdbcUrl()).contains("ApplicationName=billing%20worker");
		assertThat(r2dbc(named)).contains("applicationName='billing worker'");
	}

	@Test
	void connectTimeoutIsInSecondsOnBothDriversWithKeepaliveAlwaysOn() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/db?connect_timeout=3");
		DatabaseUrl plain = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/db");

		assertThat(url.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(url.jdbcProperties()).containsEntry("connectTimeout", "3")
			.containsEntry("loginTimeout", "3")
			.containsEntry("tcpKeepAlive", "true");
		assertThat(r2dbc(url)).contains("connectTimeout='PT3S'").contains("tcpKeepAlive='true'");
		assertThat(plain.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(plain.jdbcProperties()).containsEntry("connectTimeout", "10");
	}

	@Test
	void aConnectTimeoutThatIsNotWholeSecondsIsNamed() {
		assertThatThrownBy(
				() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter22@localhost/db?connect_timeout=soon"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("DATABASE_URL: has connect_timeout 'soon'")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void unknownParametersAreIgnoredAsBefore() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@localhost/db?target_session_attrs=any&keepalives=1");

		assertThat(url.jdbcUrl()).doesNotContain("target_session_attrs").doesNotContain("keepalives");
	}

	@Test
	void theVariableTravelsWithTheUrlAndItsDirectEndpoint() {
		DatabaseUrl pooled = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@ep-x-pooler.us-east-2.aws.neon.tech/db");

		assertThat(pooled.variable()).isEqualTo("DATABASE_URL");
		assertThat(pooled.direct().variable()).isEqualTo("DATABASE_URL");
	}

	/**
	 * What r2dbc-postgresql is told, as its builder describes itself (the password
	 * masked).
	 */
	private static String r2dbc(DatabaseUrl url) {
		LoopResources loop = LoopResources.create("database-url-test", 1, true);
		try {
			return PostgresConnections.configuration(url, loop, DatabaseUrl.DEFAULT_APPLICATION_NAME).toString();
		}
		finally {
			loop.dispose();
		}
	}

	/**
	 * Some CA certificate, taken from the JVM's own trust store, so that no certificate
	 * lives in the repository.
	 */
	private static Path aCertificateFile(Path dir) throws Exception {
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
			store.load(in, null);
		}
		Certificate certificate = store.getCertificate(store.aliases().nextElement());
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		return Files.writeString(dir.resolve("ca.crt"), pem);
	}

	@Test
	void percentEncodedCredentialsAreDecoded() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://us%40er:p%40ss%2Fw%3Ard+x@localhost/db");

		assertThat(url.user()).isEqualTo("us@er");
		assertThat(url.password()).isEqualTo("p@ss/w:rd+x");
	}

	@Test
	void sslDefaultsToOffOnLoopbackAndRequiredElsewhere() {
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@127.0.0.1/db").sslMode()).isEqualTo(SslMode.DISABLE);
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@localhost/db").sslMode()).isEqualTo(SslMode.DISABLE);
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@[::1]:5433/db").sslMode()).isEqualTo(SslMode.DISABLE);
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@db.internal/db").sslMode()).isEqualTo(SslMode.REQUIRE);
	}

	@Test
	void sslModeIsHonoured() {
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@db.internal/db?sslmode=disable").sslMode())
			.isEqualTo(SslMode.DISABLE);
		assertThat(DatabaseUrl.parse("V", "postgresql://u:p@localhost/db?sslmode=require").sslMode())
			.isEqualTo(SslMode.REQUIRE);
		DatabaseUrl verified = DatabaseUrl.parse("V", "postgresql://u:p@db.internal/db?sslmode=verify-full");
		assertThat(verified.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(verified.jdbcUrl()).contains("sslmode=verify-full");
		assertThat(verified.sslMode().r2dbc()).isEqualTo(io.r2dbc.postgresql.client.SSLMode.VERIFY_FULL);
	}

	@Test
	void neonEndpointOptionPassesThrough() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@ep-x-123.us-east-2.aws.neon.tech/db?sslmode=require&options=endpoint%3Dep-x-123");

		assertThat(url.neonOptions()).isEqualTo("endpoint=ep-x-123");
		assertThat(url.jdbcUrl()).contains("options=endpoint%3Dep-x-123");
	}

	@Test
	void directEndpointOfANeonPoolerDropsThePoolerSuffix() {
		DatabaseUrl pooled = DatabaseUrl.parse("DATABASE_URL",
				"postgresql://u:p@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require");

		assertThat(pooled.direct().host()).isEqualTo("ep-cool-darkness-123456.us-east-2.aws.neon.tech");
		assertThat(pooled.direct().password()).isEqualTo("p");
	}

	@Test
	void anyOtherUrlIsItsOwnDirectEndpoint() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@127.0.0.1:6432/db");

		assertThat(url.direct()).isEqualTo(url);
	}

	@Test
	void maskedFormNeverShowsThePassword() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:topsecret@db.internal/db");

		assertThat(url.masked()).doesNotContain("topsecret").contains("****");
		assertThat(url.toString()).doesNotContain("topsecret");
	}

	@Test
	void notAPostgresUrlNamesTheVariableAndMasksThePassword() {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "mysql://root:hunter22@db/app"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("DATABASE_URL: is not a PostgreSQL URL")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void unknownSslModeIsRejected() {
		assertThatThrownBy(
				() -> DatabaseUrl.parse("MIGRATION_DATABASE_URL", "postgresql://u:hunter22@db/app?sslmode=sometimes"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("MIGRATION_DATABASE_URL: has an unknown sslmode 'sometimes'")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void missingPartsAreNamed() {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", null)).hasMessageContaining("is not set");
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@host"))
			.hasMessageContaining("names no database");
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://host/db"))
			.hasMessageContaining("names no user");
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter22@host:99999/db"))
			.hasMessageContaining("invalid port")
			.hasMessageNotContaining("hunter22");
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@host/db?channel_binding=maybe"))
			.hasMessageContaining("channel_binding");
	}

	@Test
	void anIpv6HostIsBracketedAgainInEveryUrlBuiltFromIt() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@[2001:db8::5]:6543/tasks");

		assertThat(url.host()).isEqualTo("2001:db8::5");
		assertThat(url.port()).isEqualTo(6543);
		assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://[2001:db8::5]:6543/tasks?");
		assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://[2001:db8::5]:6543/tasks");
		assertThat(url.masked()).startsWith("postgresql://u:****@[2001:db8::5]:6543/tasks?");
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@[::1]/tasks").port()).isEqualTo(5432);
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter22@[::1/tasks"))
			.hasMessageContaining("malformed IPv6 host")
			.hasMessageNotContaining("hunter22");
	}

	@Test
	void anUnencodedAtSignOrColonInThePasswordStaysInThePassword() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@ss:w@rd@db.example.com/tasks");

		assertThat(url.user()).isEqualTo("u");
		assertThat(url.password()).isEqualTo("p@ss:w@rd");
		assertThat(url.host()).isEqualTo("db.example.com");
		assertThat(url.toString()).doesNotContain("ss:w");
	}

	@Test
	void pastedWhitespaceThePoolSchemeAndAnEmptyPortAreForgiven() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "  r2dbc:pool:postgresql://u:p@db.example.com:/tasks \n");

		assertThat(url.host()).isEqualTo("db.example.com");
		assertThat(url.port()).isEqualTo(5432);
		assertThat(url.database()).isEqualTo("tasks");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "65536", "-1", "port", "54 32" })
	void aPortOutsideOneTo65535IsNamed(String port) {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter22@host:" + port + "/db"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("DATABASE_URL: has an invalid port '" + port + "'")
			.hasMessageNotContaining("hunter22");
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@host:65535/db").port()).isEqualTo(65535);
	}

	@Test
	void anEncodedDatabaseNameIsDecodedAndEncodedAgainForTheDrivers() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/my%20tasks");

		assertThat(url.database()).isEqualTo("my tasks");
		assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://localhost:5432/my%20tasks?");
		assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://localhost:5432/my%20tasks");
	}

	@Test
	void aMalformedPercentEncodingIsNamedWithoutThePassword() {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter%zz@host/db"))
			.isInstanceOf(SettingsException.class)
			.hasMessageStartingWith("DATABASE_URL: has a malformed percent-encoding")
			.hasMessageNotContaining("hunter");
	}

	@Test
	void sslTrueMeansRequireAndABlankApplicationNameMeansTheDefault() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@localhost/db?ssl=true&application_name=");

		assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(url.applicationNameOr(DatabaseUrl.DEFAULT_APPLICATION_NAME)).isEqualTo("taskflow");
	}

	@Test
	void aUrlWithoutAHostIsNamed() {
		assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@/db"))
			.hasMessageContaining("names no host");
	}

}
