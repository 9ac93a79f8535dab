package dev.taskflow.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A setting may come under its documented variable or its property, from any of Spring's
 * sources; a problem is reported under the name the user set.
 */
class SettingNamesTest {

	@Test
	void aVariableSetsItsPropertyAndProblemsAreReportedUnderIt() {
		StandardEnvironment environment = environment(Map.of("DB_POOL_SIZE", "-1"), Map.of());

		assertThat(environment.getProperty("taskflow.db.pool.size")).isEqualTo("-1");
		assertThat(SettingNames.userName("taskflow.db.pool.size", environment)).isEqualTo("DB_POOL_SIZE");
	}

	@Test
	void aSystemPropertyUnderTheVariableNameWorksToo() {
		StandardEnvironment environment = environment(Map.of(), Map.of("FEED_BUFFER", "12"));

		assertThat(environment.getProperty("taskflow.feed.buffer")).isEqualTo("12");
		assertThat(SettingNames.userName("taskflow.feed.buffer", environment)).isEqualTo("FEED_BUFFER");
	}

	@Test
	void theBootNameWinsOverTheVariableAndIsTheOneReported() {
		StandardEnvironment environment = environment(Map.of("PORT", "8081", "SERVER_PORT", "9000"), Map.of());

		assertThat(environment.getProperty("server.port")).isEqualTo("9000");
		assertThat(SettingNames.userName("server.port", environment)).isEqualTo("SERVER_PORT");
	}

	@Test
	void aPortThatIsNotANumberIsNamedWithWhatItGot() {
		Throwable failure = catchThrowable(() -> environment(Map.of("PORT", "eighty"), Map.of()));

		assertThat(failure).isInstanceOf(SettingsException.class)
			.hasMessage("PORT: must be a whole number, got 'eighty'");
	}

	@Test
	void aPortOutOfRangeIsNamedAsSet() {
		Throwable failure = catchThrowable(() -> environment(Map.of("SERVER_PORT", "70000"), Map.of()));

		assertThat(failure).isInstanceOf(SettingsException.class)
			.hasMessage("SERVER_PORT: must be between 0 and 65535, got 70000");
	}

	@Test
	void aProblemNamedByItsDocumentedVariableIsReportedUnderTheNameActuallySet() {
		StandardEnvironment environment = environment(Map.of("DATABASE_URL_DIRECT", "mysql://x"), Map.of());

		SettingsException explained = SettingNames
			.explain(new SettingsException("MIGRATION_DATABASE_URL", "is not a PostgreSQL URL"), environment);

		assertThat(explained.variable()).isEqualTo("DATABASE_URL_DIRECT");
	}

	@Test
	void anUnsetSettingIsReportedUnderItsDocumentedVariable() {
		StandardEnvironment environment = environment(Map.of(), Map.of());

		assertThat(SettingNames.userName("taskflow.auth.secret", environment)).isEqualTo("BETTER_AUTH_SECRET");
	}

	private static StandardEnvironment environment(Map<String, Object> variables, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		var sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		sources.addLast(new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, properties));
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables));
		ConfigurationPropertySources.attach(environment);
		new SettingsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
