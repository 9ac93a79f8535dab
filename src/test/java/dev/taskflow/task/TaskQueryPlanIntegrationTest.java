package dev.taskflow.task;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;
import dev.taskflow.support.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query shapes the repository runs are served by indexes, as their constant cost
 * depends on: every keyset page under every sort reads an index in order (no sort step),
 * {@code q} uses the trigram indexes, and the tag and completion filters their own.
 * Planned on a database of its own, with 20,000 tasks for one user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskQueryPlanIntegrationTest {

	private static final long USER = 1;

	private TestDatabase database;

	@BeforeAll
	void seed() {
		database = TestDatabase.create();
		new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", database.directUrl())).upgrade();
		database.execute(
				"""
						INSERT INTO users (email, username, password_hash, full_name) VALUES ('plan@example.test', 'plan', 'x', 'Plan');
						INSERT INTO tasks (user_id, title, description, priority, due_at, completed, tags)
						SELECT 1, 'Task number ' || g, 'Chore ' || g || CASE WHEN g % 2000 = 0 THEN ', ask the plumber' ELSE '' END, 1 + g % 3,
						       CASE WHEN g % 4 = 0 THEN NULL ELSE timestamptz '2030-01-01' + g * interval '1 hour' END, g % 2 = 0,
						       CASE WHEN g % 1000 = 0 THEN ARRAY['garden', 'home'] WHEN g % 3 = 0 THEN ARRAY['work'] ELSE '{}' END
						FROM generate_series(1, 20000) AS g;
						-- Completions spread over time, as they would be (the trigger stamps them all with now()).
						UPDATE tasks SET completed_at = timestamptz '2029-01-01' + id * interval '1 minute' WHERE completed""");
		// As autovacuum would leave it: GIN entries merged out of the pending list,
		// statistics current.
		database.execute("VACUUM ANALYZE tasks");
	}

	@Test
	void everyKeysetPageReadsAnIndexInSortOrder() throws SQLException {
		for (TaskSort sort : TaskSort.values()) {
			for (boolean descending : new boolean[] { false, true }) {
				TaskOrder order = new TaskOrder(sort, descending);
				String sql = "SELECT id FROM tasks WHERE user_id = ? AND "
						+ order.after().replace(":afterValue", "?").replace(":afterId", "?") + " ORDER BY "
						+ order.orderBy() + " LIMIT 21";

				String plan = explain(true, sql, USER, cursorValue(sort), 10_000L);

				assertThat(plan).as("%s:%n%s", order.parameter(), plan).contains("Index").doesNotContain("Sort");
			}
		}
	}

	@Test
	void searchUsesTheTrigramIndexes() throws SQLException {
		String plan = explain(false,
				"SELECT id FROM tasks WHERE user_id = ? AND (title ILIKE ? OR description ILIKE ?) "
						+ "ORDER BY created_at DESC, id DESC LIMIT 21",
				USER, "%plumber%", "%plumber%");

		assertThat(plan).contains("tasks_title_trgm_idx").contains("tasks_description_trgm_idx");
	}

	@Test
	void aTagFilterUsesTheTagIndex() throws SQLException {
		String plan = explain(false, "SELECT id FROM tasks WHERE user_id = ? AND tags @> CAST(? AS text[]) "
				+ "ORDER BY created_at DESC, id DESC LIMIT 21", USER, "{garden,home}");

		assertThat(plan).contains("tasks_tags_idx");
	}

	@Test
	void aCompletionWindowReadsTheCompletionIndex() throws SQLException {
		String completedAt = TaskSort.COMPLETED_AT.expression;
		String plan = explain(false,
				"SELECT id FROM tasks WHERE user_id = ? AND " + completedAt + " >= ? AND " + completedAt
						+ " > CAST('-infinity' AS timestamptz) AND " + completedAt + " < ? "
						+ "ORDER BY created_at DESC, id DESC LIMIT 21",
				USER, OffsetDateTime.of(2029, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC),
				OffsetDateTime.of(2029, 1, 2, 0, 30, 0, 0, ZoneOffset.UTC));

		assertThat(plan).contains("tasks_user_completed_at_idx");
	}

	private static Object cursorValue(TaskSort sort) {
		return switch (sort) {
			case CREATED_AT, UPDATED_AT, DUE_AT, COMPLETED_AT ->
				OffsetDateTime.of(2030, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
			case PRIORITY -> (short) 2;
			case TITLE -> "Task number 5";
		};
	}

	/**
	 * The plan with sequential scans priced out, and with {@code withoutSorting} explicit
	 * sorts too: a plan that still sorts then has no index that yields the order.
	 */
	private String explain(boolean withoutSorting, String sql, Object... parameters) throws SQLException {
		try (Connection connection = database.connect()) {
			connection.setAutoCommit(false);
			try (Statement settings = connection.createStatement()) {
				settings.execute("SET LOCAL enable_seqscan = off");
				if (withoutSorting) {
					settings.execute("SET LOCAL enable_sort = off");
				}
			}
			List<String> lines = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						lines.add(result.getString(1));
					}
				}
			}
			connection.rollback();
			return String.join("\n", lines);
		}
	}

}
