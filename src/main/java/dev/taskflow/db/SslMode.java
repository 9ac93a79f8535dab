package dev.taskflow.db;

import java.util.Locale;

/**
 * libpq's sslmode values; each maps onto pgJDBC's parameter and r2dbc-postgresql's enum.
 */
public enum SslMode {

	DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

	public static SslMode parse(String value) {
		for (SslMode mode : values()) {
			if (mode.libpqName().equals(value.toLowerCase(Locale.ROOT).replace('_', '-'))) {
				return mode;
			}
		}
		return null;
	}

	public String libpqName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public io.r2dbc.postgresql.client.SSLMode r2dbc() {
		return io.r2dbc.postgresql.client.SSLMode.valueOf(name());
	}

}
