package dev.taskflow.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the documented variables ({@link VariableNames}) set their Spring properties,
 * read from wherever Spring reads anything (environment, {@code .env}, {@code -D}
 * options, {@code --} arguments, config trees). Their source comes last, so the property
 * set under its own name wins. Runs after Boot's config data, so config trees are seen.
 */
public class SettingsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE_NAME = "taskflowVariables";

	private static final List<String> PORTS = List.of("server.port", "management.server.port");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		VariableNames.properties().forEach((variable, property) -> {
			String value = environment.getProperty(variable);
			if (value != null && !value.isBlank() && !values.containsKey(property)) {
				values.put(property, OriginTrackedValue.of(value.strip(),
						new VariableOrigin(variable, originOf(environment, variable))));
			}
		});
		environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(SOURCE_NAME, values, true));
		environment.getPropertySources().addFirst(new MapPropertySource("taskflowOverrides", overrides(environment)));
		checkPorts(environment);
	}

	/**
	 * Here rather than with the other settings: Spring Boot reads the ports while it
	 * decides which configuration applies, before any settings bean could.
	 */
	private static void checkPorts(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		for (String port : PORTS) {
			try {
				binder.bind(port, Integer.class)
					.ifBound(value -> SettingsException.requireBetween(port, value, 0, 65535));
			}
			catch (RuntimeException e) {
				SettingsException explained = SettingNames.explain(e, environment);
				throw explained == null ? e : explained;
			}
		}
	}

	/**
	 * Spring Boot would read {@code DEBUG} as its own switch (a condition report and the
	 * framework's debug logs); here it means SQL logging only.
	 */
	private static Map<String, Object> overrides(ConfigurableEnvironment environment) {
		Map<String, Object> overrides = new LinkedHashMap<>();
		overrides.put("debug", false);
		String logSql = environment.getProperty("taskflow.db.log-sql", "false").strip().toLowerCase(Locale.ROOT);
		if (logSql.equals("true") || logSql.equals("1") || logSql.equals("yes") || logSql.equals("on")) {
			overrides.put("logging.level.io.r2dbc.postgresql.QUERY", "DEBUG");
			overrides.put("logging.level.org.springframework.r2dbc.core", "DEBUG");
		}
		return overrides;
	}

	@SuppressWarnings("unchecked")
	private static Origin originOf(ConfigurableEnvironment environment, String variable) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					&& source.containsProperty(variable)) {
				return source instanceof OriginLookup<?> lookup ? ((OriginLookup<String>) lookup).getOrigin(variable)
						: PropertySourceOrigin.get(source, variable);
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
