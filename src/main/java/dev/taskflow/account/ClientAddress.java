package dev.taskflow.account;

import org.springframework.web.reactive.function.server.ServerRequest;

import java.net.InetSocketAddress;

/**
 * The address a request came from, as the server's socket sees it.
 * {@code X-Forwarded-For} is not trusted by default: any client can send that header with
 * a new made-up address on every attempt and so escape the per-address login limit.
 * Behind a proxy that sets it, {@code SERVER_FORWARD_HEADERS_STRATEGY=native} makes the
 * server take the address from it before this code runs (see application.yaml).
 */
final class ClientAddress {

	private ClientAddress() {
	}

	static String of(ServerRequest request) {
		return request.remoteAddress().map(ClientAddress::describe).orElse("unknown");
	}

	private static String describe(InetSocketAddress address) {
		return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
	}

}
