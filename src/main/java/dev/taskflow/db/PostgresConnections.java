package dev.taskflow.db;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.ChannelBindingMode;
import reactor.netty.resources.LoopResources;

import java.net.MalformedURLException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;

/**
 * The r2dbc-postgresql settings every connection of this server shares, pooled or direct.
 */
public final class PostgresConnections {

	private PostgresConnections() {
	}

	/**
	 * @param applicationName what {@code pg_stat_activity} shows for these connections
	 * unless the URL names one
	 */
	public static PostgresqlConnectionConfiguration.Builder configuration(DatabaseUrl url, LoopResources loop,
			String applicationName) {
		var builder = PostgresqlConnectionConfiguration.builder()
			.loopResources(loop)
			.host(url.host())
			.port(url.port())
			.database(url.database())
			.username(url.user())
			.sslMode(url.sslMode().r2dbc())
			.applicationName(url.applicationNameOr(applicationName))
			// No hstore/PostGIS/vector codecs are used: skip the catalog query each new
			// connection would make.
			.autodetectExtensions(false)
			// Rows in binary: a timestamp is then eight bytes to copy on both sides,
			// where as text PostgreSQL
			// formats it and the driver parses it back (three per task, and a page
			// carries twenty tasks).
			.forceBinary(true)
			// A silent network path is found by the kernel's keepalive probes instead of
			// never.
			.tcpKeepAlive(true)
			// Netty reads zero as "no limit", as libpq does.
			.connectTimeout(url.connectTimeout());
		if (url.password() != null) {
			builder.password(url.password());
		}
		if (url.channelBinding() != null) {
			builder.channelBinding(ChannelBindingMode.valueOf(url.channelBinding().toUpperCase(Locale.ROOT)));
		}
		if (url.sslMode().r2dbc().verifyCertificate()) {
			Path rootCert = url.rootCertFile();
			if (rootCert != null) {
				builder.sslRootCert(fileUrl(rootCert));
			}
			else {
				// The JVM's trust store (sslrootcert=system), read once here: left to the
				// driver, every TLS
				// connection would read the cacerts file again, on an event loop.
				TrustManagerFactory systemTrust = systemTrust();
				builder.sslContextBuilderCustomizer(context -> context.trustManager(systemTrust));
			}
		}
		builder.options(startupParameters(url));
		return builder;
	}

	private static TrustManagerFactory systemTrust() {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			return factory;
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("cannot load the JVM's trust store: " + e.getMessage(), e);
		}
	}

	private static java.net.URL fileUrl(Path file) {
		try {
			// A URL, not the String overload, which would look on the class path first.
			return file.toUri().toURL();
		}
		catch (MalformedURLException e) {
			throw new IllegalArgumentException(e);
		}
	}

	/**
	 * The driver asks for {@code DateStyle=ISO}, which the server reports back as
	 * {@code ISO, MDY}. PgBouncer compares the two as text, finds them different on every
	 * transaction, and sends {@code SET DateStyle} before each one: a second round trip
	 * per statement. Asking for the full form the server reports ends that (ISO output,
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
