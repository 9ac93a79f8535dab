package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changelog goes up, all the way down to nothing, and up again, over the direct URL.
 */
class MigrationsIntegrationTest {

	@Test
	void upgradeDowngradeToNothingAndUpgradeAgain() {
		TestDatabase database = TestDatabase.create();
		Migrations migrations = new Migrations(DatabaseUrl.parse("TEST", database.directUrl()));

		migrations.upgrade();
		int applied = migrations.history().size();
		assertThat(applied).isPositive();
		assertThat(migrations.pending()).isEmpty();
		assertThat(tables(database)).contains("users", "tasks");

		migrations.downgrade(applied);
		assertThat(migrations.history()).isEmpty();
		assertThat(tables(database)).containsOnly("databasechangelog", "databasechangeloglock");

		migrations.upgrade();
		assertThat(migrations.history()).hasSize(applied);
		assertThat(tables(database)).contains("users", "tasks");
		assertThat(database.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'tasks_user_due_idx'"))
			.isEqualTo(1);
	}

	private static java.util.List<String> tables(TestDatabase database) {
		try (var connection = database.connect();
				var result = connection.createStatement()
					.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
			var names = new java.util.ArrayList<String>();
			while (result.next()) {
				names.add(result.getString(1));
			}
			return names;
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}

}
