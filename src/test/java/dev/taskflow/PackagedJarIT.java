package dev.taskflow;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar, run the way production runs it ({@code java -jar target/taskflow.jar}):
 * its schema tools and its server, with the changelogs and static files read from inside
 * the jar.
 */
class PackagedJarIT {

	private static final Path JAR = Path.of("target", "taskflow.jar");

	@Test
	void theJarMigratesAnEmptyDatabaseAndServes() throws Exception {
		TestDatabase database = TestDatabase.create();
		Map<String, String> environment = TestServer.defaultSettings(database);

		assertThat(run(environment, "db", "status").exitCode()).as("pending before the upgrade").isEqualTo(1);
		Result upgrade = run(environment, "db", "upgrade");
		assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
		assertThat(run(environment, "db", "status").exitCode()).as("up to date after it").isZero();

		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process server = start(environment, port);
		HttpClient http = HttpClient.newHttpClient();
		try {
			String base = "http://127.0.0.1:" + port;
			assertThat(awaitOk(http, base + "/health/db")).contains("\"database\":\"connected\"");
			assertThat(awaitOk(http, base + "/")).contains("<title>Taskflow</title>");
			assertThat(awaitOk(http, base + "/v3/api-docs")).contains("\"openapi\":\"3.1");
		}
		finally {
			http.shutdownNow();
			server.destroy();
			assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
	}

	private record Result(int exitCode, String output) {
	}

	private static Result run(Map<String, String> environment, String... args) throws Exception {
		ProcessBuilder builder = command(environment, List.of(args));
		Path output = Files.createTempFile("taskflow-jar", ".log");
		builder.redirectErrorStream(true).redirectOutput(output.toFile());
		Process process = builder.start();
		try {
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static Process start(Map<String, String> environment, int port) throws IOException {
		ProcessBuilder builder = command(environment, List.of());
		builder.environment().put("PORT", Integer.toString(port));
		return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
	}

	private static ProcessBuilder command(Map<String, String> environment, List<String> args) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("DATABASE_URL") || name.startsWith("DB_")
					|| name.equals("MIGRATION_DATABASE_URL") || name.equals("BETTER_AUTH_SECRET"));
		builder.environment().putAll(environment);
		return builder;
	}

	private static String awaitOk(HttpClient http, String url) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return response.body();
				}
			}
			catch (IOException notYet) {
				// Still starting.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("no 200 from " + url + " within 90 s");
	}

}
