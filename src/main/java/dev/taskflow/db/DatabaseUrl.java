package dev.taskflow.db;

import dev.taskflow.config.SettingsException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection string as users paste it: the Neon console form
 * ({@code postgresql://user:pass@host/db?sslmode=require&channel_binding=require}),
 * {@code postgres://}, {@code postgresql+asyncpg://}, {@code r2dbc:postgresql://} and
 * {@code jdbc:postgresql://}. The parameters mean what they mean to libpq, on both
 * drivers.
 *
 * @param variable the setting it came from, for messages that tell the user what to fix
 * @param sslRootCert libpq's {@code sslrootcert}: a PEM file of trusted CAs,
 * {@code system} for the JVM's trust store, or null for {@code ~/.postgresql/root.crt}
 * when it exists and the JVM's otherwise
 * @param applicationName libpq's {@code application_name}, or null for the server's own
 * name
 * @param connectTimeout libpq's {@code connect_timeout}: how long one connection attempt
 * may take (zero: no limit)
 * @param neonOptions the value of Neon's {@code options} parameter (e.g.
 * {@code endpoint=ep-…}), for clients without SNI
 */
public record DatabaseUrl(String variable, String host, int port, String database, String user, String password,
		SslMode sslMode, String channelBinding, String sslRootCert, String applicationName, Duration connectTimeout,
		String neonOptions) {

	/**
	 * What the JDBC and R2DBC connections get when the URL says nothing; long enough for
	 * a Neon compute to wake.
	 */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	public static final String DEFAULT_APPLICATION_NAME = "taskflow";

	/**
	 * libpq's value of {@code sslrootcert} that means the system's trust store (here the
	 * JVM's), as Neon's docs use.
	 */
	public static final String SYSTEM_ROOT_CERT = "system";

	private static final List<String> SCHEMES = List.of("r2dbc:pool:postgresql://", "r2dbc:postgresql://",
			"r2dbc:postgres://", "jdbc:postgresql://", "postgresql://", "postgres://");

	private static final Pattern DRIVER_SCHEME = Pattern.compile("^postgres(ql)?\\+[a-z0-9_]+://.*", Pattern.DOTALL);

	private static final Pattern NEON_POOLER_HOST = Pattern.compile("^(ep-[a-z0-9-]+?)-pooler(\\..+)$");

	private static final List<String> CHANNEL_BINDINGS = List.of("disable", "prefer", "require");

	/**
	 * Parses {@code raw}; every problem is reported against {@code variable}, with the
	 * password masked.
	 */
	public static DatabaseUrl parse(String variable, String raw) {
		if (raw == null || raw.isBlank()) {
			throw new SettingsException(variable,
					"is not set (expected postgresql://user:password@host[:port]/database)");
		}
		String text = raw.strip();
		String rest = stripScheme(text);
		if (rest == null) {
			throw new SettingsException(variable,
					"is not a PostgreSQL URL (expected postgresql://user:password@host[:port]/database), got '"
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
			throw new SettingsException(variable,
					"names no user (expected postgresql://user:password@host/database), got '" + mask(text) + "'");
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
		}
		else {
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
			}
			catch (NumberFormatException e) {
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
			throw new SettingsException(variable,
					"has an unknown channel_binding '" + channelBinding + "' (use disable, prefer or require)");
		}
		String sslRootCert = firstOf(parameters, "sslrootcert", "sslRootCert");
		if (sslRootCert != null) {
			if (sslText == null && sslRootCert.equalsIgnoreCase(SYSTEM_ROOT_CERT)) {
				// libpq's default for it: the system's CAs vouch for any name, so the
				// name must be checked.
				sslMode = SslMode.VERIFY_FULL;
			}
			sslRootCert = checkRootCert(variable, sslRootCert, sslMode);
			// As libpq: a CA named explicitly is checked even under require (the host
			// name only under verify-full).
			if (sslMode == SslMode.REQUIRE && !sslRootCert.equals(SYSTEM_ROOT_CERT)) {
				sslMode = SslMode.VERIFY_CA;
			}
		}
		String applicationName = firstOf(parameters, "application_name", "applicationName", "ApplicationName");
		if (applicationName != null && applicationName.isBlank()) {
			applicationName = null;
		}
		Duration connectTimeout = connectTimeout(variable, firstOf(parameters, "connect_timeout", "connectTimeout"));
		String options = parameters.get("options");
		return new DatabaseUrl(variable, host, port, database, user, password, sslMode,
				channelBinding == null ? null : channelBinding.toLowerCase(Locale.ROOT), sslRootCert, applicationName,
				connectTimeout, options);
	}

	/**
	 * Trusted CAs that cannot be read would otherwise surface as a TLS failure on the
	 * first connection.
	 */
	private static String checkRootCert(String variable, String value, SslMode sslMode) {
		if (value.isBlank()) {
			throw new SettingsException(variable,
					"has an empty sslrootcert (use the path of a PEM file of CA certificates, or system)");
		}
		if (value.equalsIgnoreCase(SYSTEM_ROOT_CERT)) {
			// libpq refuses it too: trusting every public CA only makes sense when the
			// host name is checked.
			if (sslMode != SslMode.VERIFY_FULL) {
				throw new SettingsException(variable, "has sslrootcert=system with sslmode=" + sslMode.libpqName()
						+ " (use sslmode=verify-full with it)");
			}
			return SYSTEM_ROOT_CERT;
		}
		Path file = Path.of(value);
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new SettingsException(variable, "has sslrootcert=" + value + ", which is not a readable file");
		}
		try (InputStream in = Files.newInputStream(file)) {
			if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
				throw new SettingsException(variable, "has sslrootcert=" + value + ", which holds no certificate");
			}
		}
		catch (IOException | CertificateException e) {
			throw new SettingsException(variable, "has sslrootcert=" + value + ", which is not a PEM certificate file");
		}
		return value;
	}

	private static Duration connectTimeout(String variable, String text) {
		if (text == null || text.isBlank()) {
			return DEFAULT_CONNECT_TIMEOUT;
		}
		try {
			int seconds = Integer.parseInt(text.strip());
			if (seconds >= 0 && seconds <= 3600) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException e) {
			// Reported below.
		}
		throw new SettingsException(variable,
				"has connect_timeout '" + text + "' (use whole seconds, 0 to 3600; 0 waits without limit)");
	}

	/**
	 * For binding a property such as {@code taskflow.db.url}; a problem names no setting
	 * here, the binding knows which one it is. {@link DatabaseSettings} names the result.
	 */
	public static DatabaseUrl valueOf(String raw) {
		return parse(null, raw);
	}

	/** This URL, reported against {@code variable}. */
	public DatabaseUrl named(String variable) {
		return new DatabaseUrl(variable, host, port, database, user, password, sslMode, channelBinding, sslRootCert,
				applicationName, connectTimeout, neonOptions);
	}

	/**
	 * The direct endpoint for a Neon pooled host: the same host without {@code -pooler}.
	 * Any other URL is its own direct endpoint.
	 */
	public DatabaseUrl direct() {
		var matcher = NEON_POOLER_HOST.matcher(host);
		if (!matcher.matches()) {
			return this;
		}
		return new DatabaseUrl(variable, matcher.group(1) + matcher.group(2), port, database, user, password, sslMode,
				channelBinding, sslRootCert, applicationName, connectTimeout, neonOptions);
	}

	/**
	 * This URL as the pooled endpoint uses it: {@code channel_binding=require} is taken
	 * as {@code prefer}. A PgBouncer never offers channel binding (psql fails against one
	 * too), while Neon's pooled endpoint, served by Neon's proxy, offers it and then
	 * binds the channel all the same: the console's string, pasted as it is, works with
	 * both. The direct endpoint keeps {@code require}.
	 */
	public DatabaseUrl asPooledEndpoint() {
		if (!"require".equals(channelBinding)) {
			return this;
		}
		return new DatabaseUrl(variable, host, port, database, user, password, sslMode, "prefer", sslRootCert,
				applicationName, connectTimeout, neonOptions);
	}

	/**
	 * The name the server shows in {@code pg_stat_activity}: the URL's, else
	 * {@code fallback}.
	 */
	public String applicationNameOr(String fallback) {
		return applicationName == null ? fallback : applicationName;
	}

	/**
	 * The PEM file of CAs a verifying sslmode trusts, or null for the JVM's trust store:
	 * {@code sslrootcert}, else libpq's default file {@code ~/.postgresql/root.crt} when
	 * it exists (pgJDBC's default too), else the JVM's store, so that both drivers trust
	 * the same CAs.
	 */
	public Path rootCertFile() {
		if (SYSTEM_ROOT_CERT.equals(sslRootCert)) {
			return null;
		}
		if (sslRootCert != null) {
			return Path.of(sslRootCert);
		}
		Path libpqDefault = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
		return Files.isReadable(libpqDefault) ? libpqDefault : null;
	}

	/** The JDBC URL without credentials; they travel in {@link #jdbcProperties()}. */
	public String jdbcUrl() {
		StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
			.append(':')
			.append(port)
			.append('/')
			.append(encode(database))
			.append("?sslmode=")
			.append(sslMode.libpqName())
			.append("&ApplicationName=")
			.append(encode(applicationNameOr(DEFAULT_APPLICATION_NAME)));
		if (channelBinding != null) {
			url.append("&channelBinding=").append(channelBinding);
		}
		if (neonOptions != null) {
			url.append("&options=").append(encode(neonOptions));
		}
		return url.toString();
	}

	/**
	 * Credentials and the settings every JDBC connection shares, taken from the URL's
	 * libpq parameters.
	 */
	public Properties jdbcProperties() {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		long seconds = connectTimeout.toSeconds();
		// connectTimeout bounds the TCP connect and the TLS handshake, loginTimeout the
		// whole login (0: none).
		properties.setProperty("connectTimeout", Long.toString(seconds));
		properties.setProperty("loginTimeout", Long.toString(seconds));
		// A silent network path is found by the kernel's keepalive probes instead of
		// never.
		properties.setProperty("tcpKeepAlive", "true");
		if (sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL) {
			Path rootCert = rootCertFile();
			if (rootCert == null) {
				// pgJDBC's own factory would insist on ~/.postgresql/root.crt; this one
				// uses the JVM's trust store
				// and still lets pgJDBC check the host name under verify-full.
				properties.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
			}
			else {
				properties.setProperty("sslrootcert", rootCert.toString());
			}
		}
		return properties;
	}

	/**
	 * The R2DBC URL without credentials or options; options go through typed settings
	 * instead.
	 */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
				+ encode(database);
	}

	/** For messages and logs: never the password. */
	public String masked() {
		return "postgresql://" + encode(user) + (password == null ? "" : ":****") + "@"
				+ (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + encode(database) + "?sslmode="
				+ sslMode.libpqName() + (channelBinding == null ? "" : "&channel_binding=" + channelBinding);
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
			// '+' is literal in the userinfo and path of a URL, so protect it from the
			// form decoder.
			return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException e) {
			throw new SettingsException(variable, "has a malformed percent-encoding");
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Masks the password of a URL we could not parse, so an error message never shows it.
	 */
	public static String mask(String text) {
		return text.replaceAll("(://[^:/?#@]*:)[^?#]*@", "$1****@");
	}
}
