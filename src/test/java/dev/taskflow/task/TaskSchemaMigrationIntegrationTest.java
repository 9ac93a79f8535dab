package dev.taskflow.task;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;
import dev.taskflow.support.TestDatabase;

import liquibase.changelog.RanChangeSet;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The task changesets roll back cleanly (indexes built concurrently, the extension, the
 * idempotency table) and reapply.
 */
class TaskSchemaMigrationIntegrationTest {

	@Test
	void everyChangesetRollsBackAndAppliesAgain() {
		TestDatabase database = TestDatabase.create();
		Migrations migrations = new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", database.directUrl()));
		migrations.upgrade();
		assertThat(objects(database)).isEqualTo(10);

		migrations.downgrade(migrations.history().size());
		assertThat(objects(database)).isZero();
		assertThat(migrations.history()).isEmpty();

		migrations.upgrade();
		assertThat(objects(database)).isEqualTo(10);
		assertThat(migrations.pending()).isEmpty();
	}

	/**
	 * Tasks completed before 009 get their last update as completion time, in batches
	 * (more than one here), and the constraint tying completion to its time is then
	 * validated: completed tasks have {@code completed_at =
	 * updated_at}, open ones none, and no other column moved.
	 */
	@Test
	void completedTasksFromBefore009GetTheirLastUpdateAsCompletionTime() throws SQLException {
		TestDatabase database = TestDatabase.create();
		Migrations migrations = new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", database.directUrl()));
		migrations.upgrade();
		List<String> applied = migrations.history().stream().map(RanChangeSet::getId).toList();
		int first009 = applied.indexOf(applied.stream().filter(id -> id.startsWith("009-")).findFirst().orElseThrow());
		int since009 = applied.size() - first009;
		// 009's six changesets and 010's feed_position function.
		assertThat(since009).isEqualTo(7);

		migrations.downgrade(since009);
		assertThat(migrations.pending()).hasSize(since009);
		assertThat(database.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' "
				+ "AND column_name IN ('completed_at', 'tags')"))
			.isZero();

		// 25,000 completed tasks (three backfill batches) and 5,000 open ones, each last
		// updated at its own minute.
		database.execute("""
				INSERT INTO users (email, username, password_hash, full_name)
				VALUES ('backfill@example.test', 'backfill', 'not-a-usable-hash', 'Backfill');
				INSERT INTO tasks (user_id, title, completed, created_at, updated_at, version)
				SELECT (SELECT id FROM users WHERE username = 'backfill'), 't' || i, i % 6 <> 0,
				       timestamptz '2020-01-01 00:00:00+00',
				       timestamptz '2020-01-01 00:00:00+00' + i * interval '1 minute', 1 + i % 3
				FROM generate_series(1, 30000) AS i""");
		assertThat(database.count("SELECT count(*) FROM tasks WHERE completed")).isEqualTo(25_000);

		migrations.upgrade();

		assertThat(migrations.pending()).isEmpty();
		assertThat(database.count("SELECT count(*) FROM tasks WHERE completed AND completed_at = updated_at"))
			.isEqualTo(25_000);
		assertThat(database.count("SELECT count(*) FROM tasks WHERE NOT completed AND completed_at IS NULL"))
			.isEqualTo(5_000);
		assertThat(database.count("SELECT count(*) FROM tasks")).isEqualTo(30_000);
		assertThat(database
			.count("""
					SELECT count(*) FROM tasks
					WHERE updated_at <> timestamptz '2020-01-01 00:00:00+00' + CAST(substr(title, 2) AS int) * interval '1 minute'
					   OR version <> 1 + CAST(substr(title, 2) AS int) % 3
					   OR tags <> '{}'"""))
			.as("the backfill changes nothing but completed_at")
			.isZero();
		assertThat(database.count("""
				SELECT count(*) FROM pg_constraint
				WHERE conrelid = 'tasks'::regclass AND conname IN ('tasks_completed_at_check', 'tasks_tags_check')
				  AND contype = 'c' AND convalidated""")).isEqualTo(2);
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeUpdate("UPDATE tasks SET completed_at = NULL WHERE title = 't1'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("tasks_completed_at_check");
			assertThatThrownBy(
					() -> statement.executeUpdate("UPDATE tasks SET completed_at = now() WHERE title = 't6'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("tasks_completed_at_check");
			// From now on the trigger keeps it: reopening clears it, completing sets it.
			statement.executeUpdate("UPDATE tasks SET completed = false WHERE title = 't1'");
			statement.executeUpdate("UPDATE tasks SET completed = true WHERE title = 't6'");
		}
		assertThat(database.count("SELECT count(*) FROM tasks WHERE title = 't1' AND completed_at IS NULL"))
			.isEqualTo(1);
		assertThat(database.count("SELECT count(*) FROM tasks WHERE title = 't6' AND completed_at IS NOT NULL"))
			.isEqualTo(1);
	}

	/**
	 * The extension, the idempotency table and the eight indexes on tasks that 004 adds,
	 * as far as they exist.
	 */
	private static long objects(TestDatabase database) {
		return database.count("""
				SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm')
				     + (SELECT count(*) FROM pg_class WHERE relname IN ('idempotency_keys', 'tasks_title_trgm_idx',
				            'tasks_description_trgm_idx', 'tasks_user_updated_idx', 'tasks_user_priority_idx',
				            'tasks_user_title_idx', 'tasks_user_due_sort_idx', 'idempotency_keys_expires_idx',
				            'idempotency_keys_pkey'))""");
	}

}
