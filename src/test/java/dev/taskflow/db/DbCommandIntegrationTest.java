package dev.taskflow.db;

import dev.taskflow.TaskflowCommand;
import dev.taskflow.support.TestDatabase;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code taskflow db …}: the schema tools production uses, parsed and run as the jar
 * does, over the direct URL.
 */
class DbCommandIntegrationTest {

	private final TestDatabase database = TestDatabase.create();

	@Test
	void statusUpgradeHistoryDowngradeAndStamp() {
		Result pending = run("status");
		assertThat(pending.exitCode()).isEqualTo(1);
		assertThat(pending.out()).contains("0 changeset(s) applied").contains("pending:").contains("001-create-users");

		Result upgrade = run("upgrade");
		assertThat(upgrade.exitCode()).isZero();
		assertThat(upgrade.out()).containsPattern("Applied \\d+ changeset\\(s\\)\\.");
		assertThat(database.count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'tasks'"))
			.isEqualTo(1);

		Result upToDate = run("status");
		assertThat(upToDate.exitCode()).isZero();
		assertThat(upToDate.out()).startsWith("Up to date:");

		Result history = run("history");
		assertThat(history.exitCode()).isZero();
		String[] lines = history.out().strip().split("\n");
		assertThat(lines[0]).contains("001-create-users");
		assertThat(history.out().indexOf("001-create-users")).isLessThan(history.out().indexOf("002-create-tasks"));

		Result downgrade = run("downgrade", "1");
		assertThat(downgrade.exitCode()).isZero();
		assertThat(downgrade.out()).contains("Rolled back 1 changeset(s).");
		assertThat(run("status").exitCode()).isEqualTo(1);

		Result stamp = run("stamp");
		assertThat(stamp.exitCode()).isZero();
		assertThat(stamp.out()).contains("Marked 1 changeset(s) as applied");
		assertThat(run("status").exitCode()).isZero();
	}

	@Test
	void downgradeNeedsACountWithinWhatIsApplied() {
		Result missing = run("downgrade");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err().strip()).isEqualTo("taskflow db downgrade: missing required parameter: 'N'");

		Result none = run("downgrade", "0");
		assertThat(none.exitCode()).isEqualTo(2);
		assertThat(none.err().strip()).doesNotContain("\n").contains("number of changesets to roll back, at least 1");

		Result tooMany = run("downgrade", "500");
		assertThat(tooMany.exitCode()).isEqualTo(2);
		assertThat(tooMany.err()).contains("only 0 applied");
	}

	@Test
	void anUnknownCommandIsRefused() {
		Result result = run("migrate");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("taskflow db: unknown command 'migrate'\nUsage: taskflow db");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void anUnreachableDatabaseFailsWithOneLineAndNoPassword() {
		Result result = new Run(Map.of("MIGRATION_DATABASE_URL", "postgresql://taskflow:hunter22@127.0.0.1:1/nothing"))
			.call("status");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).doesNotContain("\n")
			.startsWith("taskflow db: cannot connect to")
			.doesNotContain("hunter22");
	}

	@Test
	void aBadUrlNamesTheVariable() {
		Result result = new Run(Map.of("DATABASE_URL", "mysql://root:hunter22@db/app")).call("status");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).isEqualTo(
				"taskflow db: invalid setting DATABASE_URL: is not a PostgreSQL URL (expected postgresql://user:password@host[:port]/database), got 'mysql://root:****@db/app'");
	}

	@Test
	void theDirectUrlIsDerivedFromDatabaseUrlWhenOnlyThatIsSet() {
		Result result = new Run(Map.of("DATABASE_URL", database.directUrl())).call("status");

		assertThat(result.exitCode()).isEqualTo(1);
	}

	private Result run(String... args) {
		return new Run(Map.of("MIGRATION_DATABASE_URL", database.directUrl(), "DATABASE_URL", database.pooledUrl()))
			.call(args);
	}

	private record Run(Map<String, String> environment) {
		Result call(String... args) {
			var out = new ByteArrayOutputStream();
			var err = new ByteArrayOutputStream();
			var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
			var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
			int code = TaskflowCommand.execute(Stream.concat(Stream.of("db"), Stream.of(args)).toArray(String[]::new),
					outStream, errStream, new DbCommand(environment, outStream, errStream));
			return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
	}

	private record Result(int exitCode, String out, String err) {
	}

}
