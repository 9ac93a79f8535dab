package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer that is not a success, raised anywhere in a handler's pipeline and written as
 * {@code application/problem+json} (RFC 9457) by {@link ProblemExceptionHandler}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final Map<String, Object> properties;

	private final HttpHeaders headers;

	public ProblemException(HttpStatus status, String detail) {
		this(status, detail, Map.of(), HttpHeaders.EMPTY);
	}

	public ProblemException(HttpStatus status, String detail, Map<String, Object> properties, HttpHeaders headers) {
		super(detail, null, false, false);
		this.status = status;
		this.properties = new LinkedHashMap<>(properties);
		this.headers = headers;
	}

	public HttpStatus status() {
		return status;
	}

	public String detail() {
		return getMessage();
	}

	public Map<String, Object> properties() {
		return properties;
	}

	public HttpHeaders headers() {
		return headers;
	}

}
