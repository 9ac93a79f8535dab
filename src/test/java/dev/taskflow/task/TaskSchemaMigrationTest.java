package dev.taskflow.task;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;
import dev.taskflow.support.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The task changesets roll back cleanly (indexes built concurrently, the extension, the idempotency table) and reapply. */
class TaskSchemaMigrationTest {

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

    /** The extension, the idempotency table and the eight indexes on tasks that 004 adds, as far as they exist. */
    private static long objects(TestDatabase database) {
        return database.count("""
                SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm')
                     + (SELECT count(*) FROM pg_class WHERE relname IN ('idempotency_keys', 'tasks_title_trgm_idx',
                            'tasks_description_trgm_idx', 'tasks_user_updated_idx', 'tasks_user_priority_idx',
                            'tasks_user_title_idx', 'tasks_user_due_sort_idx', 'idempotency_keys_expires_idx',
                            'idempotency_keys_pkey'))""");
    }
}
