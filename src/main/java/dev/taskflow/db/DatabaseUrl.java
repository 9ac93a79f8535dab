package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection string as users paste it: the Neon console form
 * ({@code postgresql://user:pass@host/db?sslmode=require&channel_binding=require}), {@code postgres://},
 * {@code postgresql+asyncpg://}, {@code r2dbc:postgresql://} and {@code jdbc:postgresql://}.
 *
 * @param neonOptions the value of Neon's {@code options} parameter (e.g. {@code endpoint=ep-…}), for clients without SNI
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
                          SslMode sslMode, String channelBinding, String neonOptions) {

    private static final List<String> SCHEMES = List.of(
            "r2dbc:pool:postgresql://", "r2dbc:postgresql://", "r2dbc:postgres://", "jdbc:postgresql://",
            "postgresql://", "postgres://");
    private static final Pattern DRIVER_SCHEME = Pattern.compile("^postgres(ql)?\\+[a-z0-9_]+://.*", Pattern.DOTALL);
    private static final Pattern NEON_POOLER_HOST = Pattern.compile("^(ep-[a-z0-9-]+?)-pooler(\\..+)$");
    private static final List<String> CHANNEL_BINDINGS = List.of("disable", "prefer", "require");

    /** Parses {@code raw}; every problem is reported against {@code variable}, with the password masked. */
    public static DatabaseUrl parse(String variable, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new SettingsException(variable, "is not set (expected postgresql://user:password@host[:port]/database)");
        }
        String text = raw.strip();
        String rest = stripScheme(text);
        if (rest == null) {
            throw new SettingsException(variable, "is not a PostgreSQL URL (expected postgresql://user:password@host[:port]/database), got '"
                    + mask(text) + "'");
        }
        String query = "";
        int questionMark = rest.indexOf('?');
        if (questionMark >= 0) {
            query = rest.substring(questionMark + 1);
            rest = rest.substring(0, questionMark);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(variable, colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(variable, userInfo.substring(colon + 1)) : null;
        }
        if (user == null || user.isEmpty()) {
            throw new SettingsException(variable, "names no user (expected postgresql://user:password@host/database), got '" + mask(text) + "'");
        }

        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new SettingsException(variable, "has a malformed IPv6 host in '" + mask(text) + "'");
            }
            host = authority.substring(1, close);
            if (authority.length() > close + 1 && authority.charAt(close + 1) == ':') {
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new SettingsException(variable, "names no host in '" + mask(text) + "'");
        }
        int port = 5432;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new SettingsException(variable, "has an invalid port '" + portText + "' in '" + mask(text) + "'");
            }
        }
        String database = decode(variable, path);
        if (database.isEmpty()) {
            throw new SettingsException(variable, "names no database in '" + mask(text) + "'");
        }

        Map<String, String> parameters = parameters(variable, query);
        SslMode sslMode = isLoopback(host) ? SslMode.DISABLE : SslMode.REQUIRE;
        String sslText = firstOf(parameters, "sslmode", "sslMode", "ssl");
        if (sslText != null) {
            sslMode = "true".equalsIgnoreCase(sslText) ? SslMode.REQUIRE : SslMode.parse(sslText);
            if (sslMode == null) {
                throw new SettingsException(variable, "has an unknown sslmode '" + sslText
                        + "' (use disable, allow, prefer, require, verify-ca or verify-full)");
            }
        }
        String channelBinding = firstOf(parameters, "channel_binding", "channelBinding");
        if (channelBinding != null && !CHANNEL_BINDINGS.contains(channelBinding.toLowerCase(Locale.ROOT))) {
            throw new SettingsException(variable, "has an unknown channel_binding '" + channelBinding + "' (use disable, prefer or require)");
        }
        String options = parameters.get("options");
        return new DatabaseUrl(host, port, database, user, password, sslMode,
                channelBinding == null ? null : channelBinding.toLowerCase(Locale.ROOT), options);
    }

    /**
     * The direct endpoint for a Neon pooled host: the same host without {@code -pooler}. Any other URL is its own
     * direct endpoint.
     */
    public DatabaseUrl direct() {
        var matcher = NEON_POOLER_HOST.matcher(host);
        if (!matcher.matches()) {
            return this;
        }
        return new DatabaseUrl(matcher.group(1) + matcher.group(2), port, database, user, password, sslMode, channelBinding, neonOptions);
    }

    /** The JDBC URL without credentials; they travel in {@link #jdbcProperties()}. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://")
                .append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(encode(database))
                .append("?sslmode=").append(sslMode.libpqName())
                .append("&ApplicationName=taskflow");
        if (channelBinding != null) {
            url.append("&channelBinding=").append(channelBinding);
        }
        if (neonOptions != null) {
            url.append("&options=").append(encode(neonOptions));
        }
        return url.toString();
    }

    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** The R2DBC URL without credentials or options; options go through typed settings instead. */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database);
    }

    /** For messages and logs: never the password. */
    public String masked() {
        return "postgresql://" + encode(user) + (password == null ? "" : ":****") + "@"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database)
                + "?sslmode=" + sslMode.libpqName();
    }

    @Override
    public String toString() {
        return masked();
    }

    static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static String stripScheme(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String scheme : SCHEMES) {
            if (lower.startsWith(scheme)) {
                return text.substring(scheme.length());
            }
        }
        if (DRIVER_SCHEME.matcher(lower).matches()) {
            return text.substring(text.indexOf("://") + 3);
        }
        return null;
    }

    private static Map<String, String> parameters(String variable, String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(variable, equals >= 0 ? pair.substring(0, equals) : pair);
            String value = equals >= 0 ? decode(variable, pair.substring(equals + 1)) : "";
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String firstOf(Map<String, String> parameters, String... names) {
        for (String name : names) {
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
        }
        return null;
    }

    private static String decode(String variable, String text) {
        try {
            // '+' is literal in the userinfo and path of a URL, so protect it from the form decoder.
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(variable, "has a malformed percent-encoding");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Masks the password of a URL we could not parse, so an error message never shows it. */
    public static String mask(String text) {
        return text.replaceAll("(://[^:/?#@]*:)[^?#]*@", "$1****@");
    }
}
