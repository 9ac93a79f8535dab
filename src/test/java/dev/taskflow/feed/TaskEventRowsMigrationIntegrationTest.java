package dev.taskflow.feed;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;
import dev.taskflow.support.TestDatabase;

import liquibase.changelog.RanChangeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling back 007 keeps the events that hold only a task row: they are rendered for the
 * version before it.
 */
class TaskEventRowsMigrationIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aDowngradeRendersTheKeptRowsAsTheEarlierVersionReadsThem() {
		TestDatabase database = TestDatabase.create();
		Migrations migrations = new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", database.directUrl()));
		migrations.upgrade();
		database.execute("""
				INSERT INTO task_events (user_id, task_id, type, task) VALUES (1, 7, 'task.created',
				    '{"id": 7, "user_id": 1, "title": "Kept", "description": null, "completed": false, "priority": 3,
				      "due_at": null, "created_at": "2026-11-30T02:00:00.5+00:00",
				      "updated_at": "2026-11-30T02:00:00.5+00:00", "version": 1}')""");

		// Down to the version before 007, whatever came after it.
		List<String> ran = migrations.history().stream().map(RanChangeSet::getId).toList();
		assertThat(ran).contains("007-task-event-rows");
		migrations.downgrade(ran.size() - ran.indexOf("007-task-event-rows"));

		assertThat(JSON.readTree(database.string("SELECT payload FROM task_events WHERE task_id = 7")))
			.isEqualTo(JSON.readTree(
					"""
							{"id": 7, "title": "Kept", "description": null, "completed": false, "priority": "high", "dueAt": null,
							 "createdAt": "2026-11-30T02:00:00.5+00:00", "updatedAt": "2026-11-30T02:00:00.5+00:00", "version": 1}"""));
		migrations.upgrade();
		assertThat(migrations.pending()).isEmpty();
	}

}
