package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * Headers that hold one value, sent more than once, are refused with 400 before anything
 * reads them. Each reader takes the first (the bearer token filter, the body decoder, the
 * feed), while a proxy in front may check the last: with {@code Authorization} twice, a
 * request was authenticated by a token the proxy never saw. RFC 9112 (3.2) requires the
 * 400 for a repeated {@code Host}. List headers ({@code Accept}, {@code If-Match}) may
 * repeat.
 */
final class SingleValueHeaders {

	static final List<String> SINGLE = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.HOST,
			"Last-Event-ID");

	private SingleValueHeaders() {
	}

	/**
	 * The 400 for the first single-value header given more than once, or {@code null}
	 * when there is none.
	 */
	static ProblemException repeated(HttpHeaders headers) {
		for (String name : SINGLE) {
			List<String> values = headers.get(name);
			if (values != null && values.size() > 1) {
				return new ProblemException(HttpStatus.BAD_REQUEST, "The " + name + " header may appear only once.",
						Map.of("header", name), HttpHeaders.EMPTY);
			}
		}
		return null;
	}

}
