package dev.taskflow.config;

import dev.taskflow.db.DatabaseSettings;
import dev.taskflow.feed.FeedSettings;
import dev.taskflow.security.AuthSettings;

import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Every setting the server reads at startup, validated together so a bad one stops it at
 * once.
 *
 * @param managementPort where probes and metrics ({@code /actuator/**}) are served;
 * empty: on {@code port}, with the API
 */
public record ServerSettings(int port, OptionalInt managementPort, DatabaseSettings database, AuthSettings auth,
		FeedSettings feed) {

	public static ServerSettings load(Function<String, String> lookup) {
		EnvReader env = new EnvReader(lookup);
		OptionalInt managementPort = env.string("MANAGEMENT_PORT") == null ? OptionalInt.empty()
				: OptionalInt.of(env.integer("MANAGEMENT_PORT", 0, 0, 65535));
		return new ServerSettings(env.integer("PORT", 8080, 0, 65535), managementPort, DatabaseSettings.load(env),
				AuthSettings.load(env), FeedSettings.load(env));
	}
}
