package dev.taskflow.config;

import dev.taskflow.db.DatabaseSettings;
import dev.taskflow.feed.FeedSettings;
import dev.taskflow.security.AuthSettings;

import java.util.function.Function;

/** Every setting the server reads at startup, validated together so a bad one stops it at once. */
public record ServerSettings(int port, DatabaseSettings database, AuthSettings auth, FeedSettings feed) {

    public static ServerSettings load(Function<String, String> lookup) {
        EnvReader env = new EnvReader(lookup);
        return new ServerSettings(env.integer("PORT", 8080, 0, 65535), DatabaseSettings.load(env), AuthSettings.load(env),
                FeedSettings.load(env));
    }
}
