package dev.taskflow.db;

import dev.taskflow.config.ServerSettings;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.resources.LoopResources;

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
    /**
     * The driver's own event loops, not colocated: with Netty's default colocation every pooled connection warmed
     * up from one thread lands on that thread's loop (r2dbc-pool issue 190). Owned by this application, so they
     * close with it rather than with whatever else shares Reactor Netty's global resources.
     */
    @Bean(destroyMethod = "dispose")
    LoopResources databaseLoopResources() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        return LoopResources.create("taskflow-db", 1, threads, true, false);
    }

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresOptions(DatabaseSettings settings, LoopResources databaseLoopResources) {
        DatabaseUrl pooled = settings.pooled();
        return builder -> {
            builder.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, databaseLoopResources);
            builder.option(PostgresqlConnectionFactoryProvider.SSL_MODE, pooled.sslMode().r2dbc());
            builder.option(PostgresqlConnectionFactoryProvider.PREPARED_STATEMENT_CACHE_QUERIES,
                    settings.preparedStatements() ? 256 : 0);
            builder.option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, "taskflow");
            // No hstore/PostGIS/vector codecs are used: skip the catalog query each new connection would make.
            builder.option(PostgresqlConnectionFactoryProvider.AUTODETECT_EXTENSIONS, false);
            builder.option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true);
            builder.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(10));
            if (pooled.neonOptions() != null) {
                builder.option(PostgresqlConnectionFactoryProvider.OPTIONS, Map.of("options", pooled.neonOptions()));
            }
        };
    }
}
