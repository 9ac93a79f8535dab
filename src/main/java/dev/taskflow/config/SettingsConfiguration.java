package dev.taskflow.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

	/** Static: a bean factory post-processor, created before the other beans. */
	@Bean
	static SettingsCheck settingsCheck(Environment environment) {
		return new SettingsCheck(environment);
	}

}
