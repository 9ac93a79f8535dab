package dev.taskflow.feed;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/** The live feed's routes, each with its OpenAPI description ({@link FeedApiDocs}). */
@Configuration(proxyBeanMethods = false)
class FeedRouter {

	/**
	 * Ahead of the task routes, whose {@code /api/v1/tasks/{id}} would otherwise claim
	 * "events".
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> feedRoutes(FeedHandler handler) {
		return route().GET("/api/v1/tasks/events", handler::stream, FeedApiDocs::stream)
			.POST("/api/v1/tasks/events/tickets", handler::issueTicket, FeedApiDocs::issueTicket)
			.build();
	}

}
