package dev.taskflow.support;

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

/**
 * The server as its own process, started from the test classpath with the same main class
 * and environment variables as production: for what only a real process shows (exit
 * codes, signals, a small heap).
 */
public final class ChildServer implements AutoCloseable {

	private final Process process;

	private final Path output;

	private final int port;

	private ChildServer(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/** Starts the server and waits (up to 90 s) until {@code /health} answers. */
	public static ChildServer start(TestDatabase database, Map<String, String> settings, List<String> jvmOptions)
			throws IOException, InterruptedException {
		return start(database, settings, jvmOptions, false);
	}

	/**
	 * As {@link #start}, with the port given as Spring Boot's own command-line property
	 * ({@code --server.port=N}) instead of {@code PORT}, so {@code settings} may set
	 * {@code PORT} to something else.
	 */
	public static ChildServer startWithServerPortArgument(TestDatabase database, Map<String, String> settings)
			throws IOException, InterruptedException {
		return start(database, settings, List.of(), true);
	}

	private static ChildServer start(TestDatabase database, Map<String, String> settings, List<String> jvmOptions,
			boolean portAsArgument) throws IOException, InterruptedException {
		int port = freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new java.util.ArrayList<>();
		command.add(java);
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath(), "dev.taskflow.TaskflowApplication"));
		if (portAsArgument) {
			command.add("--server.port=" + port);
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("DATABASE_URL") || name.startsWith("DB_") || name.startsWith("FEED_")
					|| name.equals("MIGRATION_DATABASE_URL") || name.equals("BETTER_AUTH_SECRET"));
		builder.environment().putAll(TestServer.defaultSettings(database));
		if (!portAsArgument) {
			builder.environment().put("PORT", Integer.toString(port));
		}
		builder.environment().putAll(settings);
		Path output = Files.createTempFile("taskflow-child", ".log");
		builder.redirectErrorStream(true).redirectOutput(output.toFile());
		ChildServer server = new ChildServer(builder.start(), output, port);
		server.awaitHealthy();
		return server;
	}

	public int port() {
		return port;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public Process process() {
		return process;
	}

	public String output() throws IOException {
		return Files.readString(output, StandardCharsets.UTF_8);
	}

	/**
	 * SIGTERM, as an orchestrator sends it; returns the exit code, failing if the process
	 * outlives 60 s.
	 */
	public int terminate() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the server did not stop within 60 s of SIGTERM");
		}
		return process.exitValue();
	}

	@Override
	public void close() throws IOException {
		if (process.isAlive()) {
			process.destroyForcibly();
		}
		Files.deleteIfExists(output);
	}

	private void awaitHealthy() throws InterruptedException, IOException {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + output());
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the server did not become healthy within 90 s:\n" + output());
	}

	/**
	 * This JVM's class path without empty entries, which would add the working directory
	 * (and its changelog copy).
	 */
	private static String classPath() {
		return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.filter(entry -> !entry.isBlank())
			.collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
