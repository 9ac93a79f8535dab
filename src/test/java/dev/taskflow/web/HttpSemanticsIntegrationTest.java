package dev.taskflow.web;

import dev.taskflow.support.RawHttp;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What HTTP itself promises a client, beyond any one route: a known path refuses another
 * method with 405 and {@code Allow}, answers HEAD like GET without the body and OPTIONS
 * with its methods; an unknown path is a plain 404; a body that stalls is the client's
 * 408, not a database outage; a body the HTTP server cannot even decode, or a client that
 * leaves halfway through one, is no server error in the log.
 */
class HttpSemanticsIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestServer server = TestServer.shared();

	private final WebTestClient client = server.client();

	private final TestUser user = TestUsers.create(TestDatabase.main());

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		logged.start();
		root.addAppender(logged);
	}

	@AfterEach
	void releaseLogs() {
		root.detachAppender(logged);
	}

	@Test
	void aKnownPathWithAnotherMethodIs405NamingTheMethodsItTakes() {
		long task = createTask();

		EntityExchangeResult<byte[]> put = client.method(HttpMethod.PUT)
			.uri("/api/v1/tasks/{id}", task)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"replaced\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult();

		assertThat(put.getResponseHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET, HEAD, PATCH, DELETE, OPTIONS");
		assertThat(JSON.readTree(put.getResponseBody()).get("status").intValue()).isEqualTo(405);
		client.post()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS");
		client.get()
			.uri("/api/v1/auth/login")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST, OPTIONS");
		client.get()
			.uri("/api/v1/tasks/{id}", task)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("to be read");
	}

	@Test
	void anUnknownPathIsAPlain404() {
		EntityExchangeResult<byte[]> missing = client.get()
			.uri("/api/v1/nothing-here")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult();

		assertThat(JSON.readTree(missing.getResponseBody()).get("detail").stringValue())
			.isEqualTo("Nothing is served at this path.");
	}

	/**
	 * Netty's own limit is 4 KB, which a list's next-page link can come close to; beyond
	 * it, a bare 414.
	 */
	@Test
	void aRequestLineOfSeveralKilobytesReachesTheApi() {
		String cursor = "A".repeat(8_000);

		client.get()
			.uri("/api/v1/tasks?limit=1&cursor=" + cursor)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("cursor");
	}

	@Test
	void headAnswersLikeGetWithoutTheBody() {
		long task = createTask();
		EntityExchangeResult<byte[]> get = client.get()
			.uri("/api/v1/tasks/{id}", task)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();

		EntityExchangeResult<byte[]> head = client.head()
			.uri("/api/v1/tasks/{id}", task)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();

		assertThat(head.getResponseBody()).isNullOrEmpty();
		assertThat(head.getResponseHeaders().getETag()).isEqualTo(get.getResponseHeaders().getETag());
		assertThat(head.getResponseHeaders().getContentType()).isEqualTo(get.getResponseHeaders().getContentType());
		assertThat(head.getResponseHeaders().getContentLength()).isEqualTo(get.getResponseBody().length);
		client.head()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON);
		client.head().uri("/api/v1/tasks/{id}", task).exchange().expectStatus().isUnauthorized();
	}

	@Test
	void headOnTheLiveFeedAnswersAtOnceInsteadOfStreaming() throws IOException {
		RawHttp.Response head = new RawHttp(server.port(), InetAddress.getLoopbackAddress(), Duration.ofSeconds(10))
			.exchange(("HEAD /api/v1/tasks/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + user.bearer()
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));

		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header(HttpHeaders.CONTENT_TYPE)).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
	}

	@Test
	void optionsNamesTheMethodsOfThePath() {
		client.options()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS");
		client.options()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET, HEAD, PATCH, DELETE, OPTIONS");
	}

	@Test
	void aBodyThatStallsIs408AndClosesTheConnectionNotA503() throws IOException {
		try (TestServer patient = TestServer.start(Map.of("DB_POOL_TIMEOUT", "2"));
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), patient.port())) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"login\":\"a\"")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();

			String answer = readUntilClosed(socket.getInputStream());

			assertThat(answer).startsWith("HTTP/1.1 408 ");
			assertThat(answer.toLowerCase()).contains("content-type: application/problem+json", "connection: close");
			assertThat(answer).contains("\"status\":408");
		}
		assertThat(messages(Level.WARN)).noneMatch(message -> message.contains("Database unavailable"));
	}

	@Test
	void aBodyTheHttpServerCannotDecodeIsNoServerError() throws IOException {
		RawHttp raw = new RawHttp(server.port(), InetAddress.getLoopbackAddress(), Duration.ofSeconds(10));

		RawHttp.Response malformed = raw.exchange(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));

		assertThat(malformed.status()).isEqualTo(400);
		client.get().uri("/health").exchange().expectStatus().isOk();
		assertNoErrorLoggedWithin(Duration.ofSeconds(1));
	}

	@Test
	void aClientLeavingHalfwayThroughItsBodyIsNoServerError() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.getOutputStream()
				.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"login\":")
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			client.get().uri("/health").exchange().expectStatus().isOk();
		}

		client.get().uri("/health").exchange().expectStatus().isOk();
		assertNoErrorLoggedWithin(Duration.ofSeconds(1));
	}

	private long createTask() {
		JsonNode created = JSON.readTree(client.post()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"to be read\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult()
			.getResponseBody());
		return created.get("id").longValue();
	}

	/**
	 * The server logs after it answers: an error would follow within milliseconds, so a
	 * second settles it.
	 */
	private void assertNoErrorLoggedWithin(Duration wait) {
		long until = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < until) {
			assertThat(messages(Level.ERROR)).isEmpty();
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		assertThat(messages(Level.ERROR)).isEmpty();
	}

	private List<String> messages(Level level) {
		synchronized (logged) {
			return logged.list.stream()
				.filter(event -> event.getLevel() == level)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	private static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		in.transferTo(read);
		return read.toString(StandardCharsets.UTF_8);
	}

}
