package dev.taskflow.support;

import dev.taskflow.support.TestUsers.TestUser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;

/**
 * Tasks created through the API's batch endpoint, as a client creates them: one
 * statement, their events in order.
 */
public final class TaskBatches {

	private TaskBatches() {
	}

	/**
	 * Creates one task per entry of {@code tasks} (each a task's JSON fields, such as
	 * title and description).
	 */
	public static void create(TestServer server, TestUser user, List<Map<String, String>> tasks) {
		server.client()
			.post()
			.uri("/api/v1/tasks/batch")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tasks", tasks))
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
