package dev.taskflow.task;

import dev.taskflow.web.PathIds;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/**
 * The task routes, each with its OpenAPI description ({@link TaskApiDocs}). The id
 * segment admits digits only, so other routes under {@code /api/v1/tasks/} (such as the
 * live feed's) never collide with it.
 */
@Configuration(proxyBeanMethods = false)
class TaskRouter {

	static final String TASK = TaskHandler.BASE + "/" + PathIds.SEGMENT;

	@Bean
	RouterFunction<ServerResponse> taskRoutes(TaskHandler handler) {
		return route().GET(TaskHandler.BASE, handler::list, TaskApiDocs::list)
			.POST(TaskHandler.BASE, handler::create, TaskApiDocs::create)
			.PATCH(TaskHandler.BASE, handler::updateAll, TaskApiDocs::updateAll)
			.DELETE(TaskHandler.BASE, handler::deleteAll, TaskApiDocs::deleteAll)
			.POST(TaskHandler.BASE + "/batch", handler::createBatch, TaskApiDocs::createBatch)
			.GET(TaskHandler.BASE + "/stats", handler::stats, TaskApiDocs::stats)
			.GET(TASK, handler::get, TaskApiDocs::get)
			.PATCH(TASK, handler::update, TaskApiDocs::update)
			.DELETE(TASK, handler::delete, TaskApiDocs::delete)
			.GET(TaskHandler.TAGS, handler::tags, TaskApiDocs::tags)
			.build();
	}

}
