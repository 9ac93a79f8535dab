package dev.taskflow.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

	@Bean
	ServerSettings serverSettings(Environment environment) {
		return ServerSettings.load(environment::getProperty);
	}

}
