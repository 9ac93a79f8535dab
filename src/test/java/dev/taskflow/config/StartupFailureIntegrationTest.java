package dev.taskflow.config;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad setting stops the real process at once, with one line naming the variable and no
 * password. Each case starts the server's main class in a child JVM, as a user would.
 */
class StartupFailureIntegrationTest {

	@Test
	void aNegativePoolSizeIsNamed() throws Exception {
		Result result = start(Map.of("DB_POOL_SIZE", "-1"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.isEqualTo("taskflow: invalid setting DB_POOL_SIZE: must be between 0 and 10000, got -1");
	}

	@Test
	void aUrlThatIsNotPostgresIsNamedWithThePasswordMasked() throws Exception {
		Result result = start(Map.of("DATABASE_URL", "mysql://root:hunter22@db.example.com/app"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).startsWith("taskflow: invalid setting DATABASE_URL: is not a PostgreSQL URL")
			.contains("root:****@")
			.doesNotContain("hunter22")
			.doesNotContain("\n");
	}

	@Test
	void anUnknownSslModeIsNamed() throws Exception {
		Result result = start(Map.of("MIGRATION_DATABASE_URL", "postgresql://u:hunter22@127.0.0.1/db?sslmode=always"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.startsWith("taskflow: invalid setting MIGRATION_DATABASE_URL: has an unknown sslmode 'always'")
			.doesNotContain("hunter22");
	}

	@Test
	void aShortAuthSecretIsNamedWithoutShowingIt() throws Exception {
		Result result = start(Map.of("BETTER_AUTH_SECRET", "too-short-secret"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.isEqualTo("taskflow: invalid setting BETTER_AUTH_SECRET: is 16 bytes; at least 32 are needed for HS256");
	}

	@Test
	void aNonNumericPortIsNamed() throws Exception {
		Result result = start(Map.of("PORT", "eighty"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).isEqualTo("taskflow: invalid setting PORT: must be a whole number, got 'eighty'");
	}

	@Test
	void aNonNumericManagementPortIsNamed() throws Exception {
		Result result = start(Map.of("MANAGEMENT_PORT", "nine"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.isEqualTo("taskflow: invalid setting MANAGEMENT_PORT: must be a whole number, got 'nine'");
	}

	@Test
	void aBadSettingGivenAsASystemPropertyIsNamed() throws Exception {
		Result result = start(Map.of(), List.of("-DDB_POOL_SIZE=-1"), List.of());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.isEqualTo("taskflow: invalid setting DB_POOL_SIZE: must be between 0 and 10000, got -1");
	}

	@Test
	void aBadSettingGivenAsACommandLinePropertyIsNamed() throws Exception {
		Result result = start(Map.of(), List.of(), List.of("--DB_POOL_SIZE=-1"));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.isEqualTo("taskflow: invalid setting DB_POOL_SIZE: must be between 0 and 10000, got -1");
	}

	/** Kubernetes mounts secrets as files: {@code SPRING_CONFIG_IMPORT=configtree:…}. */
	@Test
	void aBadSettingReadFromASecretFileIsNamedWithoutShowingIt() throws Exception {
		Path secrets = Files.createTempDirectory("taskflow-secrets");
		try {
			Files.writeString(secrets.resolve("BETTER_AUTH_SECRET"), "too-short-secret");
			Result result = startWithout("BETTER_AUTH_SECRET",
					Map.of("SPRING_CONFIG_IMPORT", "configtree:" + secrets + "/"));

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.stderr()).isEqualTo(
					"taskflow: invalid setting BETTER_AUTH_SECRET: is 16 bytes; at least 32 are needed for HS256");
		}
		finally {
			Files.deleteIfExists(secrets.resolve("BETTER_AUTH_SECRET"));
			Files.deleteIfExists(secrets);
		}
	}

	@Test
	void aDatabaseThatNeverAnswersFailsStartupAfterTheStartupTimeout() throws Exception {
		Result result = start(
				Map.of("DATABASE_URL", "postgresql://taskflow:hunter22@127.0.0.1:1/nowhere", "MIGRATION_DATABASE_URL",
						"postgresql://taskflow:hunter22@127.0.0.1:1/nowhere", "DB_STARTUP_TIMEOUT", "2"));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr() + result.stdout()).contains("did not answer within 2 s (DB_STARTUP_TIMEOUT)")
			.doesNotContain("hunter22");
	}

	private static Result start(Map<String, String> overrides) throws IOException, InterruptedException {
		return start(overrides, List.of(), List.of());
	}

	/** With {@code variable} left out of the test's default settings. */
	private static Result startWithout(String variable, Map<String, String> overrides)
			throws IOException, InterruptedException {
		return start(overrides, List.of(), List.of(), variable);
	}

	private static Result start(Map<String, String> overrides, List<String> jvmOptions, List<String> arguments,
			String... unset) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.taskflow.TaskflowApplication"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("DATABASE_URL") || name.startsWith("DB_")
					|| name.equals("MIGRATION_DATABASE_URL") || name.equals("BETTER_AUTH_SECRET")
					|| name.endsWith("PORT"));
		builder.environment().putAll(TestServer.defaultSettings(TestDatabase.main()));
		builder.environment().putAll(overrides);
		builder.environment().keySet().removeAll(List.of(unset));
		Path stdout = Files.createTempFile("taskflow-stdout", ".log");
		Path stderr = Files.createTempFile("taskflow-stderr", ".log");
		builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
		Process process = builder.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("the server neither started nor failed within 60 s");
			}
			return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8).strip());
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
