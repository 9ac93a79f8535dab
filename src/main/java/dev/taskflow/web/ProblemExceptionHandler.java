package dev.taskflow.web;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.http.server.HttpServerResponse;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Every error leaves as {@code application/problem+json}. Runs before Spring Boot's own
 * error handler, so no error page, stack trace or SQL ever reaches a client. A database
 * that cannot be reached is a 503 with {@code Retry-After}, never a 500.
 */
@Component
@Order(-10)
public class ProblemExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);
	static final String RETRY_AFTER_SECONDS = "2";

	private final ProblemWriter writer;

	public ProblemExceptionHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		// Reactor Netty has already answered (a bare 400 for a body it could not decode,
		// such as a malformed chunk)
		// or the client has gone away mid-request: nothing more can be written, and it is
		// not a server error.
		if (ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof HttpServerResponse netty
				&& netty.hasSentHeaders()) {
			log.debug("Request ended by the HTTP server itself: {}", error.getClass().getSimpleName());
			return Mono.empty();
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
			log.debug("Client went away before its request was read: {}", error.getClass().getSimpleName());
			exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
			return Mono.empty();
		}
		// Structured logs carry MDC entries as fields; set only around this handler's own
		// lines, since Reactor's context propagation would cost every request.
		String requestId = RequestId.of(exchange);
		if (requestId != null) {
			MDC.put(RequestId.LOG_KEY, requestId);
		}
		Problem problem;
		try {
			problem = toProblem(error, exchange);
		}
		finally {
			MDC.remove(RequestId.LOG_KEY);
		}
		return writer.write(exchange, problem.status(), problem.detail(), problem.properties(), problem.headers());
	}

	private Problem toProblem(Throwable error, ServerWebExchange exchange) {
		if (error instanceof ProblemException problem) {
			return new Problem(problem.status(), problem.detail(), problem.properties(), problem.headers());
		}
		if (findCause(error, DataBufferLimitException.class) != null) {
			return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
		}
		// Thrown wherever Content-Type or Accept is first parsed (a handler, a body
		// decoder): the client's header.
		if (findCause(error, InvalidMediaTypeException.class) != null) {
			return Problem.of(HttpStatus.BAD_REQUEST, "The Content-Type or Accept header is not a valid media type.");
		}
		if (error instanceof ServerWebInputException input && findCause(error, DecodingException.class) != null) {
			return Problem.of(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
		}
		// Spring's own text names its static resource handler, which tells a client
		// nothing.
		if (error instanceof NoResourceFoundException) {
			return Problem.of(HttpStatus.NOT_FOUND, "Nothing is served at this path.");
		}
		if (error instanceof ErrorResponse response) {
			HttpStatusCode code = response.getStatusCode();
			HttpStatus status = HttpStatus.resolve(code.value());
			String detail = response.getBody().getDetail();
			HttpHeaders headers = new HttpHeaders();
			headers.addAll(response.getHeaders());
			return new Problem(status == null ? HttpStatus.BAD_REQUEST : status,
					detail == null ? (status == null ? "Bad request." : status.getReasonPhrase() + ".") : detail,
					Map.of(), headers);
		}
		R2dbcException rejected = findCause(error, R2dbcException.class);
		// invalid_sql_statement_name: a named statement the driver prepared is gone,
		// because a pooler in transaction
		// mode handed the next transaction a server connection that never saw it. That is
		// the setting, not the request.
		if (rejected != null && "26000".equals(rejected.getSqlState())) {
			log.error("A prepared statement was missing on the pooled endpoint (DATABASE_URL): its pooler does not keep"
					+ " prepared statements (PgBouncer 1.21 or later with max_prepared_statements > 0 does);"
					+ " set DB_PREPARED_STATEMENTS=false");
			return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred.");
		}
		if (rejected != null && rejected.getSqlState() != null && rejected.getSqlState().length() == 5) {
			Problem problem = rejectedByDatabase(rejected.getSqlState());
			if (problem != null) {
				return problem;
			}
		}
		// More requests wait for a pooled connection than DB_POOL_MAX_WAITING: shed at
		// once, and quietly, since an
		// overload sheds many requests a second and each is expected.
		if (findCause(error, PoolAcquirePendingLimitException.class) != null) {
			log.debug("Shed {} {}: too many requests waiting for a connection", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "The server is busy; retry shortly.", Map.of(), headers);
		}
		if (isDatabaseUnavailable(error)) {
			log.warn("Database unavailable for {} {}: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), error.getClass().getSimpleName());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "The database is unavailable; retry shortly.", Map.of(),
					headers);
		}
		log.error("Unexpected error for {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				error.getClass().getName());
		log.debug("Unexpected error detail", error);
		return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred.");
	}

	/**
	 * The database refused the data itself: a constraint or a value out of range that
	 * validation did not catch, or a row that went away meanwhile. That is the request's
	 * fault or a conflict, never a 500.
	 */
	private static Problem rejectedByDatabase(String sqlState) {
		return switch (sqlState) {
			case "23505", "23503", "40001", "40P01" -> Problem.of(HttpStatus.CONFLICT,
					"The change conflicts with the current state of the data; fetch it again and retry.");
			case "23514", "23502" ->
				Problem.of(HttpStatus.UNPROCESSABLE_CONTENT, "A value in the request is not allowed.");
			default -> sqlState.startsWith("22")
					? Problem.of(HttpStatus.BAD_REQUEST, "A value in the request is out of range or malformed.") : null;
		};
	}

	static boolean isDatabaseUnavailable(Throwable error) {
		return findCause(error, DataAccessResourceFailureException.class) != null
				|| findCause(error, TransientDataAccessException.class) != null
				|| findCause(error, QueryTimeoutException.class) != null
				|| findCause(error, R2dbcTransientException.class) != null
				|| findCause(error, R2dbcTimeoutException.class) != null
				|| findCause(error, R2dbcNonTransientResourceException.class) != null
				|| findCause(error, ConnectException.class) != null || findCause(error, TimeoutException.class) != null;
	}

	static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private record Problem(HttpStatus status, String detail, Map<String, Object> properties, HttpHeaders headers) {

		static Problem of(HttpStatus status, String detail) {
			return new Problem(status, detail, Map.of(), HttpHeaders.EMPTY);
		}

		String title() {
			return status.getReasonPhrase();
		}
	}

}
