package dev.taskflow.db;

import dev.taskflow.config.ServerSettings;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DatabaseSettings databaseSettings(ServerSettings settings) {
        return settings.database();
    }

    @Bean
    Migrations migrations(DatabaseSettings settings) {
        return new Migrations(settings.direct());
    }

    @Bean
    DatabaseStartup databaseStartup(DatabaseSettings settings, Migrations migrations) {
        return new DatabaseStartup(settings, migrations);
    }

    /**
     * Driver options Boot's properties do not cover. Named prepared statements stay off unless the pooler is known to
     * track them: PgBouncer in transaction mode hands each transaction a different server connection.
     */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresOptions(DatabaseSettings settings) {
        DatabaseUrl pooled = settings.pooled();
        return builder -> {
            builder.option(PostgresqlConnectionFactoryProvider.SSL_MODE, pooled.sslMode().r2dbc());
            builder.option(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES,
                    settings.preparedStatements() ? 256 : 0);
            builder.option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, "taskflow");
            builder.option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true);
            builder.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(10));
            if (pooled.neonOptions() != null) {
                builder.option(PostgresqlConnectionFactoryProvider.OPTIONS, Map.of("options", pooled.neonOptions()));
            }
        };
    }
}
