package dev.taskflow.web;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What every request gets before anything reads it, in one web filter (see
 * {@link WebFilterOrder}):
 * <ul>
 * <li>its id ({@link RequestId}), on the response whatever follows, and for the log lines
 * written while handling it;</li>
 * <li>once shutdown begins, {@code Connection: close} on every response. Reactor Netty's
 * graceful shutdown refuses new connections and closes idle ones, but a kept-alive
 * connection that was busy at that moment (a feed stream, a slow request) stays open
 * until the whole drain ends, and a client or load balancer would go on sending requests
 * down it to an instance that is going away instead of reconnecting to another;</li>
 * <li>a single-value header sent twice is 400 ({@link SingleValueHeaders});</li>
 * <li>a body declared larger than {@link RequestBodyLimit#MAX_BYTES} is 413 before it is
 * read, and a body is checked as it arrives ({@link GuardedBody});</li>
 * <li>springdoc builds the OpenAPI document by scanning class files, and the UI is served
 * from a jar: both read files synchronously, so those few requests run on the bounded
 * elastic scheduler and no event loop blocks;</li>
 * <li>the deadline for starting a response ({@link RequestDeadline}).</li>
 * </ul>
 */
@Component
@Order(WebFilterOrder.GUARDS)
class RequestGuards implements WebFilter, ApplicationListener<ContextClosedEvent> {

	private final RequestDeadline deadline;

	private volatile boolean draining;

	RequestGuards(RequestDeadline deadline) {
		this.deadline = deadline;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		draining = true;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RequestId.assign(exchange);
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		if (draining) {
			ServerHttpResponse response = exchange.getResponse();
			response.beforeCommit(() -> {
				response.getHeaders().set(HttpHeaders.CONNECTION, "close");
				return Mono.empty();
			});
		}
		ProblemException repeated = SingleValueHeaders.repeated(headers);
		if (repeated != null) {
			return Mono.error(repeated);
		}
		GuardedBody body = null;
		if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			if (headers.getContentLength() > RequestBodyLimit.MAX_BYTES) {
				return Mono.error(RequestBodyLimit.tooLarge());
			}
			body = new GuardedBody(request);
		}
		Mono<Void> handling = chain.filter(body == null ? exchange : exchange.mutate().request(body).build());
		if (OpenApiDefinition.isDocumentation(request.getPath().pathWithinApplication().value())) {
			handling = handling.subscribeOn(Schedulers.boundedElastic());
		}
		return deadline.bound(exchange, handling, body);
	}

}
