package dev.taskflow.feed;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/** The live feed's routes, each with its OpenAPI description ({@link FeedApiDocs}). */
@Configuration(proxyBeanMethods = false)
class FeedRouter {

	/**
	 * These paths sit under the task routes' {@code /api/v1/tasks/}, yet need no order
	 * against them: a task id admits digits only ({@code PathIds}), so "events" is never
	 * a task.
	 */
	@Bean
	RouterFunction<ServerResponse> feedRoutes(FeedHandler handler) {
		return route().GET("/api/v1/tasks/events", handler::stream, FeedApiDocs::stream)
			.POST("/api/v1/tasks/events/tickets", handler::issueTicket, FeedApiDocs::issueTicket)
			.build();
	}

}
