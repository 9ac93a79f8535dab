package dev.taskflow.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP path to PgBouncer that can forget the connections it carries, as a NAT gateway or
 * a load balancer does after an idle timeout, or a proxy in front of a compute that went
 * away: the server is told nothing, its connections look open, and the first bytes it
 * sends on one are answered with a reset. Loopback only; two threads per connection.
 */
final class ForgetfulPath implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final Set<Carried> open = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	private ForgetfulPath(ServerSocket listener, int targetPort) {
		this.listener = listener;
		this.targetPort = targetPort;
		this.acceptor = Thread.ofPlatform().daemon().name("forgetful-path").start(this::accept);
	}

	static ForgetfulPath to(int targetPort) throws IOException {
		ServerSocket listener = new ServerSocket();
		listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return new ForgetfulPath(listener, targetPort);
	}

	int port() {
		return listener.getLocalPort();
	}

	/** Forgets every connection carried now; returns how many. */
	int forgetAll() {
		int forgotten = 0;
		for (Carried connection : open) {
			connection.forget();
			forgotten++;
		}
		return forgotten;
	}

	private void accept() {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				Socket upstream = new Socket();
				try {
					upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
				}
				catch (IOException e) {
					client.close();
					continue;
				}
				Carried connection = new Carried(client, upstream);
				open.add(connection);
				connection.start();
			}
			catch (IOException e) {
				// Closed by close(), or a client gone before it was carried: on to the
				// next, or out.
			}
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		listener.close();
		for (Carried connection : open) {
			connection.closeBoth();
		}
		acceptor.join(2_000);
	}

	private final class Carried {

		private final Socket client;

		private final Socket upstream;

		private volatile boolean forgotten;

		Carried(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void start() {
			Thread.ofPlatform().daemon().name("forgetful-path-out").start(this::clientToUpstream);
			Thread.ofPlatform().daemon().name("forgetful-path-in").start(this::upstreamToClient);
		}

		void forget() {
			forgotten = true;
			open.remove(this);
			quietly(upstream);
		}

		private void clientToUpstream() {
			byte[] buffer = new byte[16_384];
			try (InputStream in = client.getInputStream()) {
				OutputStream out = upstream.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (forgotten) {
						// A path that no longer knows the connection answers its next
						// bytes with a reset.
						client.setSoLinger(true, 0);
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException e) {
				// Either side gone: closed below.
			}
			closeBoth();
		}

		private void upstreamToClient() {
			byte[] buffer = new byte[16_384];
			try {
				InputStream in = upstream.getInputStream();
				OutputStream out = client.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException e) {
				// Either side gone.
			}
			// A forgotten connection stays open on the server's side until it sends
			// something.
			if (!forgotten) {
				closeBoth();
			}
		}

		void closeBoth() {
			open.remove(this);
			quietly(upstream);
			quietly(client);
		}

		private static void quietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// Closing is all that is wanted.
			}
		}

	}

}
