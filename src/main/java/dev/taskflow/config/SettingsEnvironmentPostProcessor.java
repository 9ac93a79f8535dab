package dev.taskflow.config;

import dev.taskflow.db.DatabaseSettings;
import dev.taskflow.db.PoolSettings;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the twelve-factor variables ({@code DATABASE_URL}, {@code DB_POOL_SIZE}, …) into the Spring Boot properties
 * they stand for, after reading the optional {@code .env} file. Runs before any bean exists, so a bad setting stops
 * startup before anything else happens.
 */
public class SettingsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        addEnvFile(environment);
        ServerSettings settings = ServerSettings.load(environment::getProperty);
        environment.getPropertySources().addFirst(new MapPropertySource("taskflowSettings", springProperties(settings)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static void addEnvFile(ConfigurableEnvironment environment) {
        Map<String, String> lookup = new HashMap<>();
        String location = environment.getProperty(EnvFile.LOCATION_VARIABLE);
        if (location != null) {
            lookup.put(EnvFile.LOCATION_VARIABLE, location);
        }
        Path path = EnvFile.location(lookup);
        if (path == null) {
            return;
        }
        Map<String, Object> values = new HashMap<>(EnvFile.read(path));
        if (values.isEmpty()) {
            return;
        }
        // Below the real environment: a variable that is set wins over the file.
        var sources = environment.getPropertySources();
        var source = new MapPropertySource("envFile", values);
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }

    static Map<String, Object> springProperties(ServerSettings settings) {
        DatabaseSettings database = settings.database();
        PoolSettings pool = database.pool();
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", settings.port());
        properties.put("spring.r2dbc.url", database.pooled().r2dbcUrl());
        properties.put("spring.r2dbc.username", database.pooled().user());
        if (database.pooled().password() != null) {
            properties.put("spring.r2dbc.password", database.pooled().password());
        }
        properties.put("spring.r2dbc.pool.enabled", pool.pooled());
        if (pool.pooled()) {
            properties.put("spring.r2dbc.pool.initial-size", pool.size());
            properties.put("spring.r2dbc.pool.min-idle", pool.size());
            properties.put("spring.r2dbc.pool.max-size", pool.maxSize());
            // Overflow connections are closed once idle this long; the kept ones are replaced up to min-idle.
            properties.put("spring.r2dbc.pool.max-idle-time", "60s");
            properties.put("spring.r2dbc.pool.max-acquire-time", pool.timeout().toSeconds() + "s");
            properties.put("spring.r2dbc.pool.max-create-connection-time", pool.timeout().toSeconds() + "s");
            properties.put("spring.r2dbc.pool.max-life-time", pool.recycle().toSeconds() + "s");
            properties.put("spring.r2dbc.pool.max-validation-time", "5s");
            properties.put("spring.r2dbc.pool.validation-depth", pool.prePing() ? "REMOTE" : "LOCAL");
        }
        // Spring Boot would read DEBUG as its own "debug" switch (a condition report and debug logs of the
        // framework); here DEBUG means SQL logging only.
        properties.put("debug", false);
        if (database.logSql()) {
            properties.put("logging.level.io.r2dbc.postgresql.QUERY", "DEBUG");
            properties.put("logging.level.org.springframework.r2dbc.core", "DEBUG");
        }
        return properties;
    }
}
