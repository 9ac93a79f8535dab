package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON answer whose body is already bytes (from a Jackson writer resolved once):
 * status, headers and body go straight onto the exchange.
 * {@code ServerResponse.ok().bodyValue(…)} costs a header map built and copied twice, a
 * body inserter and a search of the codecs on every request (bench/results/tuning.md);
 * the hot routes answer with this instead. As Spring's own responses do, a GET or HEAD
 * with an {@code ETag} honours the request's conditional headers ({@code If-None-Match},
 * {@code If-Match}).
 */
public final class JsonResponse implements ServerResponse {

	private static final MultiValueMap<String, ResponseCookie> NO_COOKIES = CollectionUtils.toMultiValueMap(Map.of());

	private final HttpStatusCode status;

	/**
	 * Names and values in turn: a few headers, set straight onto the response's own
	 * (Netty's) header map.
	 */
	private final List<String> headers = new ArrayList<>(6);

	private final byte[] body;

	private JsonResponse(HttpStatusCode status, byte[] body) {
		this.status = status;
		this.body = body;
	}

	public static JsonResponse ok(byte[] body) {
		return new JsonResponse(HttpStatus.OK, body);
	}

	public static JsonResponse status(HttpStatusCode status, byte[] body) {
		return new JsonResponse(status, body);
	}

	public JsonResponse header(String name, String value) {
		headers.add(name);
		headers.add(value);
		return this;
	}

	@Override
	public HttpStatusCode statusCode() {
		return status;
	}

	/** A copy: what {@link #writeTo} sets. */
	@Override
	public HttpHeaders headers() {
		HttpHeaders copy = new HttpHeaders();
		copy.setContentType(MediaType.APPLICATION_JSON);
		for (int i = 0; i < headers.size(); i += 2) {
			copy.set(headers.get(i), headers.get(i + 1));
		}
		return copy;
	}

	@Override
	public MultiValueMap<String, ResponseCookie> cookies() {
		return NO_COOKIES;
	}

	@Override
	public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		HttpHeaders target = response.getHeaders();
		target.setContentType(MediaType.APPLICATION_JSON);
		String etag = null;
		for (int i = 0; i < headers.size(); i += 2) {
			target.set(headers.get(i), headers.get(i + 1));
			if (headers.get(i).equalsIgnoreCase(HttpHeaders.ETAG)) {
				etag = headers.get(i + 1);
			}
		}
		HttpMethod method = exchange.getRequest().getMethod();
		if (etag != null && (method == HttpMethod.GET || method == HttpMethod.HEAD)
				&& exchange.checkNotModified(etag, Instant.ofEpochMilli(-1))) {
			return response.setComplete();
		}
		target.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
