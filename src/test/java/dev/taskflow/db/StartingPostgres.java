package dev.taskflow.db;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a PostgreSQL that is still starting (a compute waking up, a server in
 * recovery): it accepts each connection and answers its startup message as PostgreSQL
 * then does, with FATAL 57P03 "the database system is starting up", so a test can hold
 * that state for as long as it needs, which a real server passes through in a moment.
 * Listens on 127.0.0.1 only, on the port of a cluster that is stopped.
 */
final class StartingPostgres implements AutoCloseable {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private final ServerSocket socket;

	private final Thread acceptor;

	private final AtomicInteger answered = new AtomicInteger();

	private StartingPostgres(ServerSocket socket) {
		this.socket = socket;
		this.acceptor = Thread.ofPlatform().daemon().name("starting-postgres").start(this::serve);
	}

	static StartingPostgres listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return new StartingPostgres(socket);
	}

	/** Connections answered with 57P03 so far. */
	int answered() {
		return answered.get();
	}

	private void serve() {
		while (!socket.isClosed()) {
			try (Socket client = socket.accept()) {
				client.setSoTimeout(2_000);
				answer(client);
			}
			catch (IOException e) {
				// A client that went away, or the socket closed by close(): either way,
				// on to the next or out.
			}
		}
	}

	private void answer(Socket client) throws IOException {
		DataInputStream in = new DataInputStream(client.getInputStream());
		OutputStream out = client.getOutputStream();
		int code = readPacket(in);
		// Encryption is declined, as a server without TLS would; the startup message
		// follows.
		while (code == SSL_REQUEST || code == GSS_REQUEST) {
			out.write('N');
			out.flush();
			code = readPacket(in);
		}
		out.write(startingUp());
		out.flush();
		answered.incrementAndGet();
	}

	/**
	 * Reads one length-prefixed startup packet, returning its first four bytes after the
	 * length (the code).
	 */
	private static int readPacket(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 8 || length > 10_000) {
			throw new IOException("not a startup packet");
		}
		int code = in.readInt();
		in.skipNBytes(length - 8);
		return code;
	}

	private static byte[] startingUp() {
		ByteArrayOutputStream fields = new ByteArrayOutputStream();
		field(fields, 'S', "FATAL");
		field(fields, 'V', "FATAL");
		field(fields, 'C', "57P03");
		field(fields, 'M', "the database system is starting up");
		fields.write(0);
		byte[] body = fields.toByteArray();
		return ByteBuffer.allocate(1 + 4 + body.length).put((byte) 'E').putInt(4 + body.length).put(body).array();
	}

	private static void field(ByteArrayOutputStream out, char type, String value) {
		out.write(type);
		out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		out.write(0);
	}

	@Override
	public void close() throws InterruptedException {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// Closing is all that is wanted.
		}
		acceptor.join(5_000);
	}

}
