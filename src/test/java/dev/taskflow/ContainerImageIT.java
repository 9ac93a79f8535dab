package dev.taskflow;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image, built from the top-level Dockerfile around target/taskflow.jar and
 * run as a user would run it: its CLI ({@code db status}, {@code db upgrade}), its server
 * against the local services (PostgreSQL direct, PgBouncer pooled, on the host's loopback
 * through host networking), its health check, one authenticated create and read, and a
 * graceful stop on SIGTERM.
 *
 * <p>
 * {@code scripts/containers.sh} prepares the engine first (Podman with local base images
 * on these machines, a Docker engine where one answers); where containers cannot run, the
 * test is skipped with the script's one-line reason. On Podman the image is built on the
 * local Java runtime image; {@code TASKFLOW_BASE_IMAGE} picks another base (with Docker
 * the Dockerfile's public default is used).
 */
class ContainerImageIT {

	private static final String IMAGE = "localhost/taskflow:it";

	private static final String LABEL = "dev.taskflow.test=container-image";

	private static final String LOCAL_BASE_IMAGE = "localhost/taskflow-jre:local";

	private static String engine;

	private static String skipReason;

	@BeforeAll
	@Timeout(value = 15, unit = TimeUnit.MINUTES)
	static void prepareEngineAndBuildImage() throws Exception {
		Result prepare = exec(Duration.ofMinutes(12), List.of("scripts/containers.sh"));
		String last = lastLine(prepare.output());
		if (prepare.exitCode() != 0 || !last.startsWith("engine=")) {
			skipReason = last.isEmpty() ? "scripts/containers.sh failed with exit code " + prepare.exitCode() : last;
			System.err.println("ContainerImageIT skipped: " + skipReason);
			return;
		}
		engine = last.substring("engine=".length());
		removeLeftovers();
		List<String> build = new ArrayList<>(List.of(engine, "build"));
		if (engine.equals("podman")) {
			// Docker's image format keeps HEALTHCHECK (OCI's has no place for it).
			build.addAll(List.of("--format", "docker"));
		}
		String base = System.getenv("TASKFLOW_BASE_IMAGE");
		if (base == null || base.isBlank()) {
			base = engine.equals("podman") ? LOCAL_BASE_IMAGE : null;
		}
		if (base != null) {
			build.addAll(List.of("--build-arg", "BASE_IMAGE=" + base));
		}
		build.addAll(List.of("-t", IMAGE, "."));
		Result built = exec(Duration.ofMinutes(5), build);
		assertThat(built.exitCode()).as("image build:\n" + built.output()).isZero();
	}

	@AfterAll
	static void removeContainers() throws Exception {
		if (engine != null) {
			removeLeftovers();
		}
	}

	@Test
	void theImageRunsTheCliAndServesAndStopsGracefully() throws Exception {
		Assumptions.assumeTrue(skipReason == null, skipReason);
		assertThat(inspectImage("{{.Config.User}}")).as("runs as a non-root user").isEqualTo("10001:10001");
		assertThat(inspectImage("{{json .Config.ExposedPorts}}")).contains("8080/tcp");
		assertThat(inspectImage("{{json .Config.Healthcheck}}")).contains("taskflow-healthcheck");

		TestDatabase database = TestDatabase.create();
		Map<String, String> settings = TestServer.defaultSettings(database);

		Result pending = run(settings, "db", "status");
		assertThat(pending.exitCode()).as("pending before the upgrade:\n" + pending.output()).isEqualTo(1);
		Result upgrade = run(settings, "db", "upgrade");
		assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
		Result current = run(settings, "db", "status");
		assertThat(current.exitCode()).as("up to date after it:\n" + current.output()).isZero();

		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String name = "taskflow-it-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> start = new ArrayList<>(List.of(engine, "run", "-d", "--name", name, "--label", LABEL, "--network",
				"host", "--memory", "768m"));
		environment(start, settings);
		start.addAll(List.of("-e", "PORT=" + port, "-e", "SERVER_ADDRESS=127.0.0.1", IMAGE));
		Result started = exec(Duration.ofMinutes(1), start);
		assertThat(started.exitCode()).as(started.output()).isZero();

		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		JsonMapper json = JsonMapper.builder().build();
		String base = "http://127.0.0.1:" + port;
		try {
			assertThat(awaitOk(http, base + "/health/db", name)).contains("\"database\":\"connected\"");
			if (engine.equals("podman")) {
				Result health = exec(Duration.ofSeconds(30), List.of(engine, "healthcheck", "run", name));
				assertThat(health.exitCode()).as("the image's HEALTHCHECK: " + health.output()).isZero();
			}

			String username = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			HttpResponse<String> registered = send(http, base + "/api/v1/auth/register", null,
					"""
							{"email":"%s@example.test","username":"%s","password":"Container-Pass-1!","fullName":"Container Test"}
							"""
						.formatted(username, username));
			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
			HttpResponse<String> login = send(http, base + "/api/v1/auth/login", null,
					"{\"login\":\"" + username + "\",\"password\":\"Container-Pass-1!\"}");
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String token = json.readTree(login.body()).get("accessToken").stringValue();

			HttpResponse<String> created = send(http, base + "/api/v1/tasks", token,
					"{\"title\":\"shipped in a container\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			JsonNode task = json.readTree(created.body());
			HttpResponse<String> read = http
				.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + task.get("id").asString()))
					.header("Authorization", "Bearer " + token)
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
			assertThat(json.readTree(read.body()).get("title").stringValue()).isEqualTo("shipped in a container");

			// SIGTERM reaches the JVM (PID 1): it drains and exits by itself, long before
			// any SIGKILL.
			long stopping = System.nanoTime();
			Result signalled = exec(Duration.ofSeconds(30), List.of(engine, "kill", "--signal", "TERM", name));
			assertThat(signalled.exitCode()).as(signalled.output()).isZero();
			Result waited = exec(Duration.ofSeconds(45), List.of(engine, "wait", name));
			Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
			assertThat(waited.exitCode()).as("wait: " + waited.output()).isZero();
			assertThat(lastLine(waited.output())).as("exit code after SIGTERM; logs:\n" + logs(name)).isIn("0", "143");
			assertThat(stopTook).as("graceful stop").isLessThan(Duration.ofSeconds(40));
			System.out.println("ContainerImageIT: SIGTERM stopped the server in " + stopTook.toMillis()
					+ " ms, exit code " + lastLine(waited.output()));
		}
		finally {
			http.shutdownNow();
			exec(Duration.ofSeconds(60), List.of(engine, "rm", "-f", name));
		}
	}

	private static String inspectImage(String format) throws Exception {
		Result result = exec(Duration.ofSeconds(30), List.of(engine, "image", "inspect", "--format", format, IMAGE));
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result.output().strip();
	}

	/** The image's CLI, as {@code docker run --rm IMAGE args…}. */
	private static Result run(Map<String, String> settings, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(engine, "run", "--rm", "--label", LABEL, "--network", "host"));
		environment(command, settings);
		command.add(IMAGE);
		command.addAll(List.of(args));
		return exec(Duration.ofMinutes(2), command);
	}

	private static void environment(List<String> command, Map<String, String> settings) {
		settings.forEach((name, value) -> {
			if (!name.equals("PORT")) {
				command.addAll(List.of("-e", name + "=" + value));
			}
		});
	}

	private static HttpResponse<String> send(HttpClient http, String url, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String awaitOk(HttpClient http, String url, String container) throws Exception {
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
		throw new AssertionError("no 200 from " + url + " within 90 s; container logs:\n" + logs(container));
	}

	private static String logs(String container) throws Exception {
		return exec(Duration.ofSeconds(30), List.of(engine, "logs", container)).output();
	}

	private static void removeLeftovers() throws Exception {
		Result listed = exec(Duration.ofSeconds(30), List.of(engine, "ps", "-aq", "--filter", "label=" + LABEL));
		for (String id : listed.output().strip().split("\\s+")) {
			if (!id.isBlank()) {
				exec(Duration.ofSeconds(60), List.of(engine, "rm", "-f", id));
			}
		}
	}

	private record Result(int exitCode, String output) {
	}

	private static String lastLine(String output) {
		String[] lines = output.strip().split("\n");
		return lines.length == 0 ? "" : lines[lines.length - 1].strip();
	}

	/** Runs a command with a bound; stdout and stderr together. */
	private static Result exec(Duration bound, List<String> command) throws Exception {
		Path output = Files.createTempFile("taskflow-container", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within " + bound + ":\n"
						+ Files.readString(output, StandardCharsets.UTF_8));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
