package dev.taskflow.security;

import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Spring Security's header writers, run together. Its own composite chains them through a
 * {@code Flux} on every response; these writers set their headers as they are called and
 * answer {@code Mono.empty()}, so a plain loop does the same work, and any writer that
 * does answer with work still gets it subscribed, in order.
 */
final class ResponseHeaders implements ServerHttpHeadersWriter {

	private final List<ServerHttpHeadersWriter> writers;

	ResponseHeaders(ServerHttpHeadersWriter... writers) {
		this.writers = List.of(writers);
	}

	@Override
	public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
		List<Mono<Void>> pending = null;
		for (ServerHttpHeadersWriter writer : writers) {
			Mono<Void> written = writer.writeHttpHeaders(exchange);
			if (written != Mono.<Void>empty()) {
				if (pending == null) {
					pending = new ArrayList<>();
				}
				pending.add(written);
			}
		}
		return pending == null ? Mono.empty() : Flux.concat(pending).then();
	}

}
