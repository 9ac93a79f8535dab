package dev.taskflow.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * The HTTP server's event loops belong to this application instead of Reactor Netty's
	 * process-wide defaults, so closing one application (tests run several in one JVM)
	 * cannot stop another's server.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

	/**
	 * The functional routes are asked first. By default Actuator's endpoint mapping
	 * (order -100) matched every request against its patterns before them, so every API
	 * request paid for a search that only ever succeeds for {@code /actuator/…}, which no
	 * route here serves (a path no route serves still falls through to the others).
	 */
	@Bean
	static BeanPostProcessor routesFirst() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof RouterFunctionMapping mapping) {
					mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
				}
				return bean;
			}
		};
	}

	/**
	 * A JSON value of the wrong type fails to bind, which {@link JsonBodies} answers with
	 * a 422 naming the field, rather than being coerced: by default Jackson turns
	 * {@code 0} or {@code true} into the string "0" or "true", and {@code 0},
	 * {@code "false"} or {@code ""} into a boolean, so {@code {"fullName": 0}} renamed an
	 * account and {@code {"isActive": "false"}} deactivated one.
	 */
	@Bean
	JsonMapperBuilderCustomizer noScalarCoercion() {
		return builder -> builder
			.withCoercionConfig(LogicalType.Textual,
					text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					bool -> bool.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
	}

}
