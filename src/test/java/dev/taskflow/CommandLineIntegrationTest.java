package dev.taskflow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command line as a user meets it: each case runs the real main class in a
 * child JVM and reads its exit code, stdout and stderr. None needs a database.
 */
class CommandLineIntegrationTest {

	@Test
	void helpListsTheCommandsOnStdout() throws Exception {
		Result result = run("--help");

		assertThat(result.exitCode()).isZero();
		assertThat(result.stderr()).isEmpty();
		assertThat(result.stdout()).startsWith("Usage: taskflow [-hV] [COMMAND]")
			.containsPattern("(?m)^  db +Manage the database schema")
			.containsPattern("(?m)^  seed +Write users, tasks")
			.contains("--version")
			.contains("--name=value");
		assertThat(run("-h").stdout()).isEqualTo(result.stdout());
	}

	@Test
	void versionPrintsTheBuildsVersion() throws Exception {
		Result result = run("--version");

		assertThat(result.exitCode()).isZero();
		assertThat(result.stderr()).isEmpty();
		// From the classpath there is no manifest; the packaged jar prints its version.
		assertThat(result.stdout().strip()).isEqualTo("taskflow (development build, not packaged)");
		assertThat(run("-V").stdout()).isEqualTo(result.stdout());
	}

	@Test
	void dbHelpListsItsFiveSubcommands() throws Exception {
		Result result = run("db", "--help");

		assertThat(result.exitCode()).isZero();
		assertThat(result.stdout()).startsWith("Usage: taskflow db");
		for (String subcommand : List.of("upgrade", "downgrade", "history", "status", "stamp")) {
			assertThat(result.stdout()).containsPattern("(?m)^  " + subcommand + " +\\S");
		}
		assertThat(run("db", "downgrade", "--help").stdout()).startsWith("Usage: taskflow db downgrade [-h] N")
			.contains("How many changesets to roll back");
	}

	@Test
	void seedHelpListsItsOptions() throws Exception {
		Result result = run("seed", "--help");

		assertThat(result.exitCode()).isZero();
		assertThat(result.stdout()).startsWith("Usage: taskflow seed")
			.containsPattern("(?m)^ +--users=N +Accounts to create")
			.containsPattern("(?m)^ +--tasks-per-user=M +Tasks each account gets")
			.containsPattern("(?m)^ +--tokens-out=FILE +Where the bearer tokens go");
	}

	@Test
	void anUnknownCommandShowsTheUsageOnStderr() throws Exception {
		Result result = run("bogus");

		assertRefused(result, "taskflow: unknown command 'bogus'", "Usage: taskflow [-hV] [COMMAND]");
	}

	@Test
	void anUnknownOptionShowsTheUsageOnStderr() throws Exception {
		assertRefused(run("--bogus"), "taskflow: unknown option '--bogus'", "Usage: taskflow [-hV] [COMMAND]");
		// A Spring property beside it is not the problem.
		assertRefused(run("--server.port=9000", "--bogus"), "taskflow: unknown option '--bogus'",
				"Usage: taskflow [-hV] [COMMAND]");
		assertRefused(run("seed", "--bogus"), "taskflow seed: unknown option '--bogus'", "Usage: taskflow seed");
	}

	@Test
	void anUnknownDbSubcommandShowsTheDbUsage() throws Exception {
		Result result = run("db", "bogus");

		assertRefused(result, "taskflow db: unknown command 'bogus'", "Usage: taskflow db [-h] [COMMAND]");
		assertThat(result.stderr()).contains("upgrade").contains("stamp");
	}

	@Test
	void aBadOptionValueIsOneLineOnStderr() throws Exception {
		Result result = run("seed", "--users", "abc");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr().strip())
			.isEqualTo("taskflow seed: --users must be a whole number from 1 to 10000000, got 'abc'");
	}

	@Test
	void springPropertiesGoToSpringBoot() throws Exception {
		// Spring Boot fails on the import before it needs any setting or database.
		Result result = run("--spring.config.import=file:/nonexistent/taskflow-cli-test.yaml");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stdout() + result.stderr()).contains("/nonexistent/taskflow-cli-test.yaml")
			.doesNotContain("unknown option");
	}

	private static void assertRefused(Result result, String firstLine, String usage) {
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).startsWith(firstLine + "\n" + usage);
	}

	private static Result run(String... args) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "-cp", System.getProperty("java.class.path"), "dev.taskflow.TaskflowApplication"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		// No .env from the working directory.
		builder.environment().put("ENV_FILE", "");
		Path stdout = Files.createTempFile("taskflow-cli-stdout", ".log");
		Path stderr = Files.createTempFile("taskflow-cli-stderr", ".log");
		builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
		Process process = builder.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("taskflow " + String.join(" ", args) + " did not exit within 60 s");
			}
			return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
