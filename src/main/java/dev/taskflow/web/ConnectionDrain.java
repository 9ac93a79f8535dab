package dev.taskflow.web;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Once shutdown begins, every response tells its client to close the connection. Reactor Netty's graceful shutdown
 * refuses new connections and closes idle ones, but a kept-alive connection that was busy at that moment (a feed
 * stream, a slow request) stays open until the whole drain ends, and a client or load balancer would go on sending
 * requests down it to an instance that is going away instead of reconnecting to another.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectionDrain implements WebFilter, ApplicationListener<ContextClosedEvent> {

    private volatile boolean draining;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining = true;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (draining) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
