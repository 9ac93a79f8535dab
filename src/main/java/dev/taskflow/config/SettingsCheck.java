package dev.taskflow.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds every settings record of the server ({@code @ConfigurationProperties} under
 * {@code dev.taskflow}) before any bean exists, so one bad setting stops startup before
 * anything connects or migrates, reported with the name the user set. Says once which
 * settings lost to another name for the same property.
 */
class SettingsCheck implements BeanFactoryPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(SettingsCheck.class);

	private final ConfigurableEnvironment environment;

	SettingsCheck(Environment environment) {
		this.environment = (ConfigurableEnvironment) environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		try {
			Binder binder = Binder.get(environment);
			for (Class<?> settings : settingsClasses(beanFactory)) {
				String prefix = MergedAnnotations.from(settings).get(ConfigurationProperties.class).getString("prefix");
				binder.bindOrCreate(prefix, Bindable.of(settings));
			}
		}
		catch (RuntimeException e) {
			SettingsException explained = SettingNames.explain(e, environment);
			throw explained == null ? e : explained;
		}
		reportShadowedVariables();
	}

	private static List<Class<?>> settingsClasses(ConfigurableListableBeanFactory beanFactory) {
		List<Class<?>> classes = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			String className = definition.getBeanClassName();
			if (className == null || !className.startsWith("dev.taskflow.")) {
				continue;
			}
			Class<?> type = ClassUtils.resolveClassName(className, beanFactory.getBeanClassLoader());
			if (MergedAnnotations.from(type).isPresent(ConfigurationProperties.class)) {
				classes.add(type);
			}
		}
		return classes;
	}

	/** "PORT=8081 ignored: SERVER_PORT=9000 wins", once per variable that lost. */
	private void reportShadowedVariables() {
		VariableNames.properties().forEach((variable, property) -> {
			ConfigurationProperty winner = find(property);
			if (winner == null || !isSet(variable)) {
				return;
			}
			String winnerName = SettingNames.userName(winner.getOrigin(), property);
			if (winnerName.equals(variable)) {
				return;
			}
			if (VariableNames.secret(property)) {
				log.warn("{} ignored: {} wins", variable, winnerName);
			}
			else {
				log.warn("{}={} ignored: {}={} wins", variable, environment.getProperty(variable), winnerName,
						winner.getValue());
			}
		});
	}

	private ConfigurationProperty find(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private boolean isSet(String variable) {
		String value = environment.getProperty(variable);
		return value != null && !value.isBlank();
	}

}
