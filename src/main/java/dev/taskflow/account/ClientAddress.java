package dev.taskflow.account;

import org.springframework.web.reactive.function.server.ServerRequest;

import java.net.InetSocketAddress;

/**
 * The address a request came from, as the server's socket sees it. {@code X-Forwarded-For} is not read: any client
 * can send that header with a new made-up address on every attempt and so escape the per-address login limit.
 * Behind a trusted proxy, turn on Spring Boot's forwarded-header support ({@code server.forward-headers-strategy}),
 * which replaces the remote address with the proxy's view before it reaches this code.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(ServerRequest request) {
        return request.remoteAddress()
                .map(ClientAddress::describe)
                .orElse("unknown");
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
