package dev.taskflow.feed;

import dev.taskflow.config.ServerSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

	@Bean
	FeedSettings feedSettings(ServerSettings settings) {
		return settings.feed();
	}

}
