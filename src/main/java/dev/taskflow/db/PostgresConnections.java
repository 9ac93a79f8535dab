package dev.taskflow.db;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.LinkedHashMap;
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
                // Rows in binary: a timestamp is then eight bytes to copy on both sides, where as text PostgreSQL
                // formats it and the driver parses it back (three per task, and a page carries twenty tasks).
                .forceBinary(true)
                .tcpKeepAlive(true)
                .connectTimeout(Duration.ofSeconds(10));
        if (url.password() != null) {
            builder.password(url.password());
        }
        builder.options(startupParameters(url));
        return builder;
    }

    /**
     * The driver asks for {@code DateStyle=ISO}, which the server reports back as {@code ISO, MDY}. PgBouncer
     * compares the two as text, finds them different on every transaction, and sends {@code SET DateStyle} before
     * each one: a second round trip per statement. Asking for the full form the server reports ends that (ISO output,
     * which the driver needs, either way; a later parameter overrides an earlier one).
     */
    static Map<String, String> startupParameters(DatabaseUrl url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DateStyle", "ISO, MDY");
        if (url.neonOptions() != null) {
            parameters.put("options", url.neonOptions());
        }
        return parameters;
    }
}
