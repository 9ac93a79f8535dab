package dev.taskflow.db;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.Map;

/** The r2dbc-postgresql settings every connection of this server shares, pooled or direct. */
public final class PostgresConnections {

    private PostgresConnections() {
    }

    public static PostgresqlConnectionConfiguration.Builder configuration(DatabaseUrl url, LoopResources loop,
                                                                          String applicationName) {
        var builder = PostgresqlConnectionConfiguration.builder()
                .loopResources(loop)
                .host(url.host())
                .port(url.port())
                .database(url.database())
                .username(url.user())
                .sslMode(url.sslMode().r2dbc())
                .applicationName(applicationName)
                // No hstore/PostGIS/vector codecs are used: skip the catalog query each new connection would make.
                .autodetectExtensions(false)
                .tcpKeepAlive(true)
                .connectTimeout(Duration.ofSeconds(10));
        if (url.password() != null) {
            builder.password(url.password());
        }
        if (url.neonOptions() != null) {
            builder.options(Map.of("options", url.neonOptions()));
        }
        return builder;
    }
}
