package dev.taskflow.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client will not send: invalid
 * UTF-8 in the request line, duplicate or malformed headers, a Content-Length that lies.
 * The caller writes the whole request, byte for byte; each request has a connection of
 * its own, and every read is bounded by a timeout, so a server that never answers fails
 * the test instead of hanging it.
 */
public final class RawHttp {

	/** What came back. Header names are lower-cased; {@code body} is de-chunked. */
	public record Response(int status, Map<String, List<String>> headers, byte[] body) {

		public String header(String name) {
			List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
			return values == null || values.isEmpty() ? null : values.getFirst();
		}

		public String bodyText() {
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	/**
	 * Bodies larger than this are written by a second thread while the answer is read:
	 * the server may answer first.
	 */
	private static final int CONCURRENT_WRITE_BYTES = 64 * 1024;

	private final InetSocketAddress server;

	private final InetAddress localAddress;

	private final int timeoutMillis;

	/**
	 * @param localAddress the loopback address the requests leave from, so that
	 * per-address limits (the login throttle) charged by these requests are charged to no
	 * other test
	 */
	public RawHttp(int port, InetAddress localAddress, Duration timeout) {
		this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		this.localAddress = localAddress;
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
	}

	/**
	 * Sends {@code request} as is and reads one answer. A {@code 100 Continue} is
	 * skipped. The body of a 2xx event stream is not read, since it does not end, nor
	 * that of an answer to HEAD, which has none.
	 */
	public Response exchange(byte[] request) throws IOException {
		boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(server, timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			Thread writer = write(socket.getOutputStream(), request);
			try {
				InputStream in = socket.getInputStream();
				Response response;
				do {
					response = readResponse(in, head);
				}
				while (response.status() == 100);
				return response;
			}
			finally {
				if (writer != null) {
					socket.close();
					joinQuietly(writer);
				}
			}
		}
	}

	/**
	 * Writes inline, or on a thread of its own for a large body; a write the server cut
	 * short is not an error.
	 */
	private static Thread write(OutputStream out, byte[] request) throws IOException {
		if (request.length <= CONCURRENT_WRITE_BYTES) {
			out.write(request);
			out.flush();
			return null;
		}
		Thread writer = Thread.ofPlatform().daemon().name("raw-http-writer").start(() -> {
			try {
				for (int offset = 0; offset < request.length; offset += CONCURRENT_WRITE_BYTES) {
					out.write(request, offset, Math.min(CONCURRENT_WRITE_BYTES, request.length - offset));
				}
				out.flush();
			}
			catch (IOException refused) {
				// The server answered (413) and closed before reading everything: that is
				// what is being tested.
			}
		});
		return writer;
	}

	private static Response readResponse(InputStream in, boolean toHead) throws IOException {
		String head = readHead(in);
		String[] lines = head.split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
			throw new IOException("not an HTTP status line: " + lines[0]);
		}
		int status = Integer.parseInt(statusLine[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers
					.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
							name -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).strip());
			}
		}
		Response withoutBody = new Response(status, headers, new byte[0]);
		if (toHead || status == 100 || status == 204 || status == 304) {
			return withoutBody;
		}
		String contentType = withoutBody.header("Content-Type");
		if (status < 300 && contentType != null && contentType.startsWith("text/event-stream")) {
			return withoutBody;
		}
		byte[] body;
		String length = withoutBody.header("Content-Length");
		if ("chunked".equalsIgnoreCase(withoutBody.header("Transfer-Encoding"))) {
			body = readChunked(in);
		}
		else if (length != null) {
			body = in.readNBytes(Integer.parseInt(length));
		}
		else {
			body = readToEnd(in);
		}
		return new Response(status, headers, body);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				throw new IOException(head.size() == 0 ? "connection closed without an answer"
						: "connection closed inside the response head");
			}
			head.write(next);
			matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
			if (size == 0) {
				readLine(in);
				return body.toByteArray();
			}
			body.write(in.readNBytes(size));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = in.read(); next >= 0; next = in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
		throw new IOException("connection closed inside a chunked body");
	}

	/**
	 * A body without length ends when the server closes; a reset after it has sent
	 * everything ends it too.
	 */
	private static byte[] readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				body.write(buffer, 0, read);
			}
		}
		catch (SocketException reset) {
			if (body.size() == 0) {
				throw reset;
			}
		}
		return body.toByteArray();
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(10));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
