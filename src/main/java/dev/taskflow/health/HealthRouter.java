package dev.taskflow.health;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/** The health routes, each with its OpenAPI description ({@link HealthApiDocs}). */
@Configuration(proxyBeanMethods = false)
class HealthRouter {

	@Bean
	RouterFunction<ServerResponse> healthRoutes(HealthHandler handler) {
		return route().GET("/health", handler::health, HealthApiDocs::health)
			.GET("/health/db", handler::database, HealthApiDocs::database)
			.GET("/health/pool", handler::pool, HealthApiDocs::pool)
			.build();
	}

}
