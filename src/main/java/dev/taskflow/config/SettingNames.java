package dev.taskflow.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Turns a failed setting into the one line the user reads: the name they set
 * ({@code DB_POOL_SIZE}, {@code SERVER_PORT}, {@code --server.port}), not the property it
 * was bound to, and what is wrong with its value.
 */
final class SettingNames {

	private SettingNames() {
	}

	/**
	 * The setting problem behind {@code failure}, named as the user set it; null when the
	 * failure is not about a setting. Without an environment (startup failed before there
	 * was one), names stay as thrown.
	 */
	static SettingsException explain(Throwable failure, Environment environment) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				return explain(bind, environment);
			}
			if (cause instanceof SettingsException settings) {
				return renamed(settings, environment);
			}
		}
		return null;
	}

	private static SettingsException explain(BindException bind, Environment environment) {
		String property = bind.getName().toString();
		ConfigurationProperty bound = bind.getProperty();
		String name = bound != null ? userName(bound.getOrigin(), property) : userName(property, environment);
		for (Throwable cause = bind.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof SettingsException settings) {
				// A value's own parsing names no setting (the one being bound is meant);
				// a
				// settings record's checks name the documented variable.
				return settings.variable() == null ? new SettingsException(name, settings.problem())
						: renamed(settings, environment);
			}
		}
		return new SettingsException(name, expectation(bind, bound == null ? null : bound.getValue(), property));
	}

	private static String expectation(BindException bind, Object value, String property) {
		Class<?> type = bind.getTarget().getType().resolve(Object.class);
		String got = (value == null || VariableNames.secret(property)) ? "" : ", got '" + value + "'";
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "must be a whole number" + got;
		}
		if (type == boolean.class || type == Boolean.class) {
			return "must be true or false" + got;
		}
		if (type == Duration.class) {
			DurationUnit unit = bind.getTarget().getAnnotation(DurationUnit.class);
			ChronoUnit chrono = unit == null ? ChronoUnit.MILLIS : unit.value();
			return "must be a whole number of " + chrono.name().toLowerCase(Locale.ROOT) + got;
		}
		return "cannot be read as " + type.getSimpleName() + got;
	}

	/**
	 * {@code settings} named as the user set it: a documented variable or a property may
	 * have been set under another name (DATABASE_URL_DIRECT, TASKFLOW_DB_POOL_SIZE).
	 */
	private static SettingsException renamed(SettingsException settings, Environment environment) {
		String name = settings.variable();
		if (environment == null) {
			return settings;
		}
		String property = name != null && name.contains(".") ? name : VariableNames.properties().get(name);
		if (property == null) {
			return settings;
		}
		return new SettingsException(userName(property, environment), settings.problem());
	}

	/**
	 * The name under which {@code property} was set, from the source that wins; its
	 * documented variable when nobody set it.
	 */
	static String userName(String property, Environment environment) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
				ConfigurationProperty found = source.getConfigurationProperty(name);
				if (found != null) {
					return userName(found.getOrigin(), property);
				}
			}
		}
		return VariableNames.documented(property);
	}

	static String userName(Origin origin, String property) {
		String sourceName = null;
		for (Origin at = origin; at != null; at = next(at)) {
			if (at instanceof VariableOrigin variable) {
				return variable.variable();
			}
			if (at instanceof SystemEnvironmentOrigin variable) {
				return variable.getProperty();
			}
			if (at instanceof PropertySourceOrigin source && sourceName == null) {
				sourceName = source.getPropertyName();
			}
		}
		return sourceName != null ? sourceName : property;
	}

	/**
	 * Boot wraps a source's own origin (ours among them) in a
	 * {@link PropertySourceOrigin}.
	 */
	private static Origin next(Origin origin) {
		if (origin instanceof PropertySourceOrigin source && source.getOrigin() != null) {
			return source.getOrigin();
		}
		return origin.getParent();
	}

}
