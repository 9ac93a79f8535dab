package dev.taskflow.db;

import dev.taskflow.config.ServerSettings;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /** r2dbc-pool's "no timeout". */
    private static final Duration NO_TIMEOUT = Duration.ofMillis(-1);

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

    @Bean(destroyMethod = "dispose")
    DriverLoops driverLoops() {
        return new DriverLoops(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The pooled endpoint: one driver connection factory per event loop, taken in turn, under r2dbc-pool sized by
     * {@code DB_POOL_*} (Spring Boot's own pool would put every connection on one loop). Named prepared statements
     * stay off unless the pooler is known to track them: PgBouncer in transaction mode hands each transaction a
     * different server connection.
     */
    @Bean
    ConnectionFactory connectionFactory(DatabaseSettings settings, DriverLoops loops) {
        ConnectionFactory drivers = new RoundRobinConnectionFactory(loops.all().stream()
                .map(loop -> new PostgresqlConnectionFactory(PostgresConnections.configuration(settings.pooled(), loop, "taskflow")
                        .preparedStatementCacheQueries(settings.preparedStatements() ? 256 : 0)
                        .build()))
                .toList());
        PoolSettings pool = settings.pool();
        if (!pool.pooled()) {
            return drivers;
        }
        return new ConnectionPool(ConnectionPoolConfiguration.builder(drivers)
                .name("taskflow")
                .initialSize(pool.size())
                .minIdle(pool.size())
                .maxSize(pool.maxSize())
                // Overflow connections are closed once idle this long; the kept ones are replaced up to minIdle.
                .maxIdleTime(Duration.ofSeconds(60))
                // No timeout per acquire: r2dbc-pool arms one on the parallel scheduler for every acquire, waiting or
                // not, and a request's wait is already bounded by the same DB_POOL_TIMEOUT (web.RequestDeadline).
                .maxCreateConnectionTime(pool.timeout())
                .maxLifeTime(pool.recycle())
                // A local validation only looks at the socket; only the round trip of pre-ping can hang, so only it
                // gets a timeout (another timer per acquire otherwise).
                .maxValidationTime(pool.prePing() ? Duration.ofSeconds(5) : NO_TIMEOUT)
                .validationDepth(pool.prePing() ? ValidationDepth.REMOTE : ValidationDepth.LOCAL)
                .customizer(builder -> builder.maxPendingAcquire(pool.maxWaiting()))
                .build());
    }
}
