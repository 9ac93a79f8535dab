package dev.taskflow.config;

import dev.taskflow.support.ChildServer;
import dev.taskflow.support.TestDatabase;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Boot's own way of setting the port works beside the platform's {@code PORT}: the
 * Boot property wins, and the server says which setting it ignored.
 */
class SettingSourcesIntegrationTest {

	@Test
	void serverPortGivenAsACommandLinePropertyWinsOverPortAndTheLogSaysSo() throws Exception {
		int ignoredPort = ChildServer.freePort();
		try (ChildServer server = ChildServer.startWithServerPortArgument(TestDatabase.main(),
				Map.of("PORT", Integer.toString(ignoredPort)))) {
			// startWithServerPortArgument waited for /health on --server.port's port.
			assertThat(server.output()).contains("PORT=" + ignoredPort + " ignored:")
				.contains("=" + server.port() + " wins");
			assertThatThrownBy(() -> connect(ignoredPort)).isInstanceOf(IOException.class);
		}
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

}
