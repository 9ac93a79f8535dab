package dev.taskflow.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error handler's log lines carry the request's id, the one its problem response
 * returns, and leave nothing behind on the thread.
 */
class ProblemLogRequestIdTest {

	@Test
	void anUnexpectedErrorIsLoggedWithTheRequestIdOfItsResponse() {
		Logger logger = (Logger) LoggerFactory.getLogger(ProblemExceptionHandler.class);
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		logger.addAppender(lines);
		try {
			ServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/api/v1/tasks").header(RequestId.HEADER, "trace-7"))
				.mutate()
				.response(new ServerResponse())
				.build();
			RequestId.assign(exchange);

			new ProblemExceptionHandler(new ProblemWriter(JsonMapper.builder().build()))
				.handle(exchange, new IllegalStateException("select password from users"))
				.block();

			assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(exchange.getResponse().getHeaders().getFirst(RequestId.HEADER)).isEqualTo("trace-7");
			assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Unexpected error"))
				.singleElement()
				.satisfies(line -> {
					assertThat(line.getMDCPropertyMap()).containsEntry(RequestId.LOG_KEY, "trace-7");
					assertThat(line.getFormattedMessage()).doesNotContain("password");
				});
			assertThat(MDC.get(RequestId.LOG_KEY)).isNull();
		}
		finally {
			logger.detachAppender(lines);
		}
	}

	/** A mock response that, like a live one, can say it is not Reactor Netty's. */
	private static final class ServerResponse extends MockServerHttpResponse {

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeResponse() {
			return (T) this;
		}

	}

	@Test
	void onlyASaneIdIsKept() {
		assertThat(RequestId.isSane("01HZX3K9Q8-abc_def.1:2")).isTrue();
		assertThat(RequestId.isSane("")).isFalse();
		assertThat(RequestId.isSane("a".repeat(RequestId.MAX_LENGTH + 1))).isFalse();
		assertThat(RequestId.isSane("id\r\nX-Evil: 1")).isFalse();
		assertThat(RequestId.isSane("{\"json\":1}")).isFalse();
	}

}
