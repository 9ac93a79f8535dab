package dev.taskflow.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented twelve-factor variables ({@code .env.example}) and the Spring property
 * each one sets. A property set under its own name, from any of Spring Boot's sources,
 * wins over its variable, so {@code SERVER_PORT} or {@code --server.port} win over
 * {@code PORT}.
 */
public final class VariableNames {

	/** Variable to property; where two variables set one property, the first set wins. */
	private static final Map<String, String> PROPERTIES = table("PORT", "server.port", "MANAGEMENT_PORT",
			"management.server.port", "DATABASE_URL", "taskflow.db.url", "MIGRATION_DATABASE_URL",
			"taskflow.db.migration-url", "DATABASE_URL_DIRECT", "taskflow.db.migration-url", "DB_POOL_SIZE",
			"taskflow.db.pool.size", "DB_MAX_OVERFLOW", "taskflow.db.pool.max-overflow", "DB_POOL_TIMEOUT",
			"taskflow.db.pool.timeout", "DB_POOL_RECYCLE", "taskflow.db.pool.recycle", "DB_POOL_PRE_PING",
			"taskflow.db.pool.pre-ping", "DB_POOL_MAX_WAITING", "taskflow.db.pool.max-waiting",
			"DB_PREPARED_STATEMENTS", "taskflow.db.prepared-statements", "DB_STARTUP_TIMEOUT",
			"taskflow.db.startup-timeout", "DB_STATEMENT_TIMEOUT", "taskflow.db.statement-timeout",
			"MIGRATE_ON_STARTUP", "taskflow.db.migrate-on-startup", "DEBUG", "taskflow.db.log-sql",
			"BETTER_AUTH_SECRET", "taskflow.auth.secret", "TOKEN_TTL_SECONDS", "taskflow.auth.token-ttl",
			"ALLOWED_ORIGINS", "taskflow.auth.allowed-origins", "FEED_RETENTION_HOURS", "taskflow.feed.retention",
			"FEED_HEARTBEAT_SECONDS", "taskflow.feed.heartbeat", "FEED_BUFFER", "taskflow.feed.buffer", "ACCESS_LOG",
			"taskflow.access-log");

	private VariableNames() {
	}

	public static Map<String, String> properties() {
		return PROPERTIES;
	}

	/**
	 * Whether a value of {@code property} may hold a password or key, and so is never
	 * shown.
	 */
	public static boolean secret(String property) {
		return property.equals("taskflow.db.url") || property.equals("taskflow.db.migration-url")
				|| property.equals("taskflow.auth.secret");
	}

	/** The variables that set {@code property}, in the order they are tried. */
	public static List<String> variables(String property) {
		return PROPERTIES.entrySet()
			.stream()
			.filter(entry -> entry.getValue().equals(property))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * The name to report a problem with {@code property} against when nobody set it: its
	 * documented variable, or the property itself.
	 */
	public static String documented(String property) {
		List<String> variables = variables(property);
		return variables.isEmpty() ? property : variables.get(0);
	}

	private static Map<String, String> table(String... pairs) {
		Map<String, String> table = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			table.put(pairs[i], pairs[i + 1]);
		}
		return Collections.unmodifiableMap(table);
	}

}
