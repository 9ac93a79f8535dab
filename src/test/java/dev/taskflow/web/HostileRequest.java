package dev.taskflow.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request of the hostile-input campaign, built byte for byte: what is sent, which
 * route it aims at, and what its answer must be. Header values are bytes, so a value can
 * carry what no HTTP client library would send.
 */
final class HostileRequest {

	enum Expect {

		/** A 4xx problem document. */
		REFUSED,
		/**
		 * A 4xx, possibly without a body: malformed HTTP that the connection layer
		 * answers before any handler.
		 */
		REFUSED_MAYBE_BARE,
		/**
		 * A read of a route that ignores the odd part (a public page, an unknown query
		 * parameter): anything but 5xx.
		 */
		HARMLESS

	}

	enum Framing {

		/** {@code Content-Length} of the body, if there is one. */
		LENGTH,
		/** {@code Transfer-Encoding: chunked} in 64 KiB chunks. */
		CHUNKED,
		/**
		 * The headers already say how the body is framed (or lie about it); the body
		 * bytes follow as they are.
		 */
		AS_GIVEN

	}

	record Header(String name, byte[] value) {
	}

	private final String route;

	private final String what;

	private String method;

	private String target;

	private final List<Header> headers = new ArrayList<>();

	private byte[] body;

	private Framing framing = Framing.LENGTH;

	private Expect expect = Expect.REFUSED;

	private boolean defaultHost = true;

	private int index;

	HostileRequest(String route, String what, String method, String target) {
		this.route = route;
		this.what = what;
		this.method = method;
		this.target = target;
	}

	/** A copy under another description, to be changed further. */
	HostileRequest copy(String newWhat) {
		HostileRequest copy = new HostileRequest(route, newWhat, method, target);
		copy.headers.addAll(headers);
		copy.body = body;
		copy.framing = framing;
		copy.expect = expect;
		copy.defaultHost = defaultHost;
		return copy;
	}

	HostileRequest method(String newMethod) {
		this.method = newMethod;
		return this;
	}

	HostileRequest target(String newTarget) {
		this.target = newTarget;
		return this;
	}

	HostileRequest header(String name, String value) {
		return header(name, value.getBytes(StandardCharsets.UTF_8));
	}

	HostileRequest header(String name, byte[] value) {
		headers.add(new Header(name, value));
		return this;
	}

	/** Drops every header called {@code name} (any case). */
	HostileRequest without(String name) {
		headers.removeIf(header -> header.name().equalsIgnoreCase(name));
		return this;
	}

	/** Replaces every header called {@code name} with one value. */
	HostileRequest replace(String name, String value) {
		return without(name).header(name, value);
	}

	HostileRequest json(String text) {
		return body(text.getBytes(StandardCharsets.UTF_8));
	}

	HostileRequest body(byte[] bytes) {
		this.body = bytes;
		return this;
	}

	HostileRequest framing(Framing newFraming) {
		this.framing = newFraming;
		return this;
	}

	HostileRequest expect(Expect newExpect) {
		this.expect = newExpect;
		return this;
	}

	/**
	 * Sends no {@code Host} of its own: the request's headers decide what Host says, if
	 * anything.
	 */
	HostileRequest withoutDefaultHost() {
		this.defaultHost = false;
		return this;
	}

	void index(int value) {
		this.index = value;
	}

	String route() {
		return route;
	}

	String method() {
		return method;
	}

	String target() {
		return target;
	}

	Expect expect() {
		return expect;
	}

	byte[] body() {
		return body;
	}

	/**
	 * A header value with a control character other than a tab (which includes a line
	 * break that splits it).
	 */
	boolean hasControlCharacterInHeader() {
		for (Header header : headers) {
			for (byte b : header.value()) {
				if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The request on the wire: request line, Host, the headers, framing,
	 * {@code Connection: close}, body.
	 */
	byte[] bytes(String host) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ascii(out, method + " " + target + " HTTP/1.1\r\n");
		if (defaultHost) {
			ascii(out, "Host: " + host + "\r\n");
		}
		for (Header header : headers) {
			ascii(out, header.name() + ": ");
			out.writeBytes(header.value());
			ascii(out, "\r\n");
		}
		if (body != null && framing == Framing.LENGTH) {
			ascii(out, "Content-Length: " + body.length + "\r\n");
		}
		if (body != null && framing == Framing.CHUNKED) {
			ascii(out, "Transfer-Encoding: chunked\r\n");
		}
		ascii(out, "Connection: close\r\n\r\n");
		if (body != null && framing == Framing.CHUNKED) {
			int chunk = 64 * 1024;
			for (int offset = 0; offset < body.length; offset += chunk) {
				int length = Math.min(chunk, body.length - offset);
				ascii(out, Integer.toHexString(length) + "\r\n");
				out.write(body, offset, length);
				ascii(out, "\r\n");
			}
			ascii(out, "0\r\n\r\n");
		}
		else if (body != null) {
			out.writeBytes(body);
		}
		return out.toByteArray();
	}

	/** Everything needed to send it again by hand, with long parts shortened. */
	String describe() {
		StringBuilder text = new StringBuilder();
		text.append('#')
			.append(index)
			.append(" [")
			.append(route)
			.append("] ")
			.append(what)
			.append('\n')
			.append("    ")
			.append(printable(method + " " + target, 300))
			.append('\n');
		for (Header header : headers) {
			text.append("    ")
				.append(header.name())
				.append(": ")
				.append(printable(new String(header.value(), StandardCharsets.ISO_8859_1), 160))
				.append('\n');
		}
		if (body != null) {
			text.append("    body (")
				.append(body.length)
				.append(" bytes, ")
				.append(framing.name().toLowerCase(Locale.ROOT))
				.append("): ")
				.append(printable(new String(body, StandardCharsets.ISO_8859_1), 200))
				.append('\n');
		}
		return text.toString();
	}

	/**
	 * The request as text, for telling whether a word in the answer could be an echo of
	 * the request.
	 */
	String asText() {
		return new String(bytes("h"), StandardCharsets.ISO_8859_1);
	}

	private static void ascii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Control and non-ASCII characters as {@code \xNN}, cut at {@code max} characters.
	 */
	private static String printable(String text, int max) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < text.length() && out.length() < max; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				out.append(c);
			}
			else {
				out.append(String.format("\\x%02X", (int) c & 0xFF));
			}
		}
		if (out.length() >= max) {
			out.append("… (").append(text.length()).append(" chars)");
		}
		return out.toString();
	}

}
