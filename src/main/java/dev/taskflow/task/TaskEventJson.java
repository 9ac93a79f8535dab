package dev.taskflow.task;

import dev.taskflow.feed.KeptTaskJson;

import io.r2dbc.spi.Readable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The feed's events show a task as every task route does. */
@Component
class TaskEventJson implements KeptTaskJson {

	private final ObjectWriter taskJson;

	TaskEventJson(JsonMapper json) {
		this.taskJson = json.writerFor(Task.class);
	}

	@Override
	public String render(Readable row) {
		return taskJson.writeValueAsString(TaskRows.toTask(row));
	}

}
