package dev.taskflow.seed;

import dev.taskflow.TaskflowCommand;
import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.Migrations;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code taskflow seed}: data and tokens for load tests, as the benchmark harness uses
 * them.
 */
class SeedCommandIntegrationTest {

	@TempDir
	Path directory;

	@Test
	void seedsUsersAndTasksAndWritesTokensTheServerAccepts() throws Exception {
		TestDatabase database = migratedDatabase();
		Path tokens = directory.resolve("tokens.txt");

		Result result = run(database, "--users", "25", "--tasks-per-user", "4", "--tokens-out", tokens.toString());

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Seeded 25 users and 100 tasks").contains(SeedPassword.PASSWORD);
		assertThat(result.err()).contains("seed: 100%");
		assertThat(database.count("SELECT count(*) FROM users")).isEqualTo(25);
		assertThat(database.count("SELECT count(*) FROM tasks")).isEqualTo(100);
		assertThat(database
			.count("SELECT count(*) FROM (SELECT user_id FROM tasks GROUP BY user_id HAVING count(*) = 4) AS each"))
			.isEqualTo(25);
		assertThat(database.count("SELECT count(DISTINCT password_hash) FROM users")).isEqualTo(1);
		assertThat(SeedPassword.matches(SeedPassword.PASSWORD, passwordHash(database))).isTrue();

		List<String> lines = Files.readAllLines(tokens);
		assertThat(lines).hasSize(25);
		assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		List<Long> subjects = lines.stream().map(SeedCommandIntegrationTest::subject).toList();
		assertThat(subjects).isSorted().doesNotHaveDuplicates();
		assertThat(
				database.count("SELECT count(*) FROM users WHERE id = ANY(?)", (Object) subjects.toArray(Long[]::new)))
			.isEqualTo(25);

		try (TestServer server = TestServer.start(database, Map.of())) {
			long firstUser = subjects.getFirst();
			server.client()
				.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + lines.getFirst())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.id")
				.isEqualTo(firstUser)
				.jsonPath("$.username")
				.isEqualTo("seed_" + firstUser);
			server.client()
				.get()
				.uri("/api/v1/tasks?limit=20")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + lines.getLast())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.total")
				.isEqualTo(4)
				.jsonPath("$.items.length()")
				.isEqualTo(4);
			// The one shared password logs every seeded user in, by username or email.
			server.client()
				.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(
						Map.of("login", "seed-" + firstUser + "@seed.example.com", "password", SeedPassword.PASSWORD))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.accessToken")
				.isNotEmpty();
			server.client()
				.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + lines.getFirst() + "x")
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
	}

	@Test
	void aSecondSeedAddsToTheFirstWithoutCollisions() throws Exception {
		TestDatabase database = migratedDatabase();
		Path first = directory.resolve("first.txt");
		Path second = directory.resolve("second.txt");

		assertThat(run(database, "--users", "3", "--tasks-per-user", "2", "--tokens-out", first.toString()).exitCode())
			.isZero();
		assertThat(run(database, "--users=4", "--tasks-per-user=0", "--tokens-out=" + second).exitCode()).isZero();

		assertThat(database.count("SELECT count(*) FROM users")).isEqualTo(7);
		assertThat(database.count("SELECT count(*) FROM tasks")).isEqualTo(6);
		assertThat(subject(Files.readAllLines(second).getFirst()))
			.isGreaterThan(subject(Files.readAllLines(first).getLast()));
	}

	@Test
	void anUnreachableDatabaseFailsWithOneLineAndNoPassword() {
		Result result = run(
				Map.of("MIGRATION_DATABASE_URL", "postgresql://taskflow:hunter22@127.0.0.1:1/nothing",
						"BETTER_AUTH_SECRET", TestServer.AUTH_SECRET),
				"--users", "1", "--tasks-per-user", "1", "--tokens-out", directory.resolve("t.txt").toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).doesNotContain("\n")
			.startsWith("taskflow seed: database error:")
			.doesNotContain("hunter22");
		assertThat(directory.resolve("t.txt")).doesNotExist();
	}

	@Test
	void aMissingSecretIsNamed() {
		Result result = run(Map.of("MIGRATION_DATABASE_URL", "postgresql://taskflow:taskflow@127.0.0.1:1/nothing"),
				"--users", "1", "--tasks-per-user", "1", "--tokens-out", directory.resolve("t.txt").toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).doesNotContain("\n")
			.startsWith("taskflow seed: invalid setting BETTER_AUTH_SECRET");
	}

	@Test
	void badArgumentsFailWithOneLine() {
		Map<String, String> environment = Map.of();
		String tokens = directory.resolve("t.txt").toString();
		assertThat(run(environment).err()).contains("are all required");
		assertThat(run(environment, "--users", "0", "--tasks-per-user", "1", "--tokens-out", tokens).err())
			.contains("--users must be a whole number from 1 to 10000000, got '0'");
		assertThat(run(environment, "--users", "ten", "--tasks-per-user", "1", "--tokens-out", tokens).err())
			.contains("got 'ten'");
		assertThat(run(environment, "--users", "1", "--tasks-per-user", "-1", "--tokens-out", tokens).err())
			.contains("--tasks-per-user must be a whole number from 0 to 100000");
		assertThat(
				run(environment, "--users", "1", "--tasks-per-user", "1", "--tokens-out", "/no/such/dir/t.txt").err())
			.contains("directory /no/such/dir does not exist");
		// Something unknown also shows the usage, on stderr.
		Result unknown = run(environment, "--users", "1", "--tasks", "1");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).startsWith("taskflow seed: unknown option '--tasks'\nUsage: taskflow seed");
		Result extra = run(environment, "extra");
		assertThat(extra.exitCode()).isEqualTo(2);
		assertThat(extra.err()).startsWith("taskflow seed: unexpected argument 'extra'\nUsage: taskflow seed");
		assertThat(run(environment, "--users").err()).contains("missing required parameter for option '--users'");
		assertThat(run(environment, "--users", "10000000", "--tasks-per-user", "100000", "--tokens-out", tokens).err())
			.contains("at most 100000000");
		for (Result result : List.of(run(environment), run(environment, "--users", "x"), run(environment, "--users"))) {
			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err().strip()).doesNotContain("\n").startsWith("taskflow seed: ");
		}
	}

	private static TestDatabase migratedDatabase() {
		TestDatabase database = TestDatabase.create();
		new Migrations(DatabaseUrl.parse("TEST_DIRECT_URL", database.directUrl())).upgrade();
		return database;
	}

	private static String passwordHash(TestDatabase database) throws Exception {
		try (var connection = database.connect();
				var statement = connection.createStatement();
				var result = statement.executeQuery("SELECT password_hash FROM users LIMIT 1")) {
			result.next();
			return result.getString(1);
		}
	}

	private static long subject(String token) {
		try {
			return Long.parseLong(SignedJWT.parse(token).getJWTClaimsSet().getSubject());
		}
		catch (java.text.ParseException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Result run(TestDatabase database, String... args) {
		return run(Map.of("MIGRATION_DATABASE_URL", database.directUrl(), "BETTER_AUTH_SECRET", TestServer.AUTH_SECRET),
				args);
	}

	private static Result run(Map<String, String> environment, String... args) {
		var out = new ByteArrayOutputStream();
		var err = new ByteArrayOutputStream();
		var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
		var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
		int code = TaskflowCommand.execute(Stream.concat(Stream.of("seed"), Stream.of(args)).toArray(String[]::new),
				outStream, errStream, new SeedCommand(environment, outStream, errStream, false));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String out, String err) {
	}

}
