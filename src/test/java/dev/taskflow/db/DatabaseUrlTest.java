package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every form of connection string users paste, and what is wrong with the ones that cannot work. */
class DatabaseUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://alice:s3cret@db.example.com:6543/tasks",
            "postgres://alice:s3cret@db.example.com:6543/tasks",
            "postgresql+asyncpg://alice:s3cret@db.example.com:6543/tasks",
            "r2dbc:postgresql://alice:s3cret@db.example.com:6543/tasks",
            "jdbc:postgresql://alice:s3cret@db.example.com:6543/tasks"})
    void acceptsEveryCommonScheme(String raw) {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", raw);

        assertThat(url.host()).isEqualTo("db.example.com");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("tasks");
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void neonConsoleFormKeepsChannelBindingForJdbcAndTlsEverywhere() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL",
                "postgresql://neondb_owner:npg_abc@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(url.jdbcUrl()).contains("sslmode=require").contains("channelBinding=require");
        assertThat(url.r2dbcUrl()).doesNotContain("channel").doesNotContain("npg_abc");
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
        assertThat(DatabaseUrl.parse("V", "postgresql://u:p@db.internal/db?sslmode=disable").sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(DatabaseUrl.parse("V", "postgresql://u:p@localhost/db?sslmode=require").sslMode()).isEqualTo(SslMode.REQUIRE);
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
        assertThatThrownBy(() -> DatabaseUrl.parse("MIGRATION_DATABASE_URL", "postgresql://u:hunter22@db/app?sslmode=sometimes"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("MIGRATION_DATABASE_URL: has an unknown sslmode 'sometimes'")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void missingPartsAreNamed() {
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", null)).hasMessageContaining("is not set");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@host")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://host/db")).hasMessageContaining("names no user");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:hunter22@host:99999/db"))
                .hasMessageContaining("invalid port").hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql://u:p@host/db?channel_binding=maybe"))
                .hasMessageContaining("channel_binding");
    }
}
