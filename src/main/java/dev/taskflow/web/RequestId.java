package dev.taskflow.web;

import org.springframework.web.server.ServerWebExchange;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The id that ties a request's response ({@code X-Request-Id}) to the log lines written
 * while handling it. A caller's own id is kept when it is sane (a proxy's, a client's
 * trace); otherwise one is made from a random prefix drawn once per process and a
 * counter, which costs one atomic increment per request.
 */
public final class RequestId {

	public static final String HEADER = "X-Request-Id";

	/** The key of the id in log lines (structured logs carry it as a field). */
	public static final String LOG_KEY = "request_id";

	static final int MAX_LENGTH = 64;

	private static final String ATTRIBUTE = RequestId.class.getName();

	private static final String PREFIX = Long.toString(new SecureRandom().nextLong() >>> 1, 36) + "-";

	private static final AtomicLong COUNTER = new AtomicLong();

	private RequestId() {
	}

	/** Gives the exchange its id and puts it on the response, errors included. */
	static String assign(ServerWebExchange exchange) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = isSane(given) ? given : PREFIX + Long.toString(COUNTER.incrementAndGet(), 36);
		exchange.getAttributes().put(ATTRIBUTE, id);
		exchange.getResponse().getHeaders().set(HEADER, id);
		return id;
	}

	/** The exchange's id; null before {@link RequestGuards} saw it. */
	public static String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	/**
	 * Bounded, and only characters that cannot break a header or a log line: letters,
	 * digits and {@code - _ . :}, as UUIDs, ULIDs and trace ids use.
	 */
	static boolean isSane(String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
					|| c == '_' || c == '.' || c == ':';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
