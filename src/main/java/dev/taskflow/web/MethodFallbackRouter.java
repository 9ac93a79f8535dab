package dev.taskflow.web;

import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Functional routes answer only the methods they declare, and a request for a known path
 * with another method would otherwise fall through to static resources and a 404. This
 * router comes last and answers such a request as HTTP says (RFC 9110): HEAD like GET
 * without the body, OPTIONS with 204 and {@code Allow}, anything else 405 with
 * {@code Allow}. A path no route serves is left alone and ends as 404.
 */
@Configuration(proxyBeanMethods = false)
class MethodFallbackRouter {

	private static final List<HttpMethod> ROUTED = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
			HttpMethod.PATCH, HttpMethod.DELETE);

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	RouterFunction<ServerResponse> methodFallbackRoutes(ObjectProvider<RouterFunction<?>> routers) {
		return new Fallback(routers);
	}

	private static final class Fallback implements RouterFunction<ServerResponse> {

		private final ObjectProvider<RouterFunction<?>> routers;

		/**
		 * Every other router, in their order; looked up on first use, since this one is
		 * among them.
		 */
		private volatile List<RouterFunction<?>> others;

		Fallback(ObjectProvider<RouterFunction<?>> routers) {
			this.routers = routers;
		}

		@Override
		public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
			return Flux.fromIterable(ROUTED)
				.concatMap(method -> handlerFor(request, method).map(handler -> Map.entry(method, handler)))
				.collectList()
				.filter(found -> !found.isEmpty())
				.map(found -> answer(request.method(), found));
		}

		/**
		 * The handler a route would pick for this request with {@code method}, with that
		 * route's path variables.
		 */
		private Mono<RoutedHandler> handlerFor(ServerRequest request, HttpMethod method) {
			ServerRequest asMethod = ServerRequest.from(request).method(method).build();
			return Flux.fromIterable(others())
				.concatMap(router -> router.route(asMethod).map(handler -> new RoutedHandler(handler, asMethod)))
				.next();
		}

		private static HandlerFunction<ServerResponse> answer(HttpMethod method,
				List<Map.Entry<HttpMethod, RoutedHandler>> found) {
			Set<HttpMethod> allowed = new LinkedHashSet<>();
			RoutedHandler get = null;
			for (Map.Entry<HttpMethod, RoutedHandler> entry : found) {
				allowed.add(entry.getKey());
				if (entry.getKey() == HttpMethod.GET) {
					allowed.add(HttpMethod.HEAD);
					get = entry.getValue();
				}
			}
			allowed.add(HttpMethod.OPTIONS);
			String allow = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
			if (method == HttpMethod.HEAD && get != null) {
				return get::handleWithoutBody;
			}
			if (method == HttpMethod.OPTIONS) {
				return ignored -> ServerResponse.noContent().header(HttpHeaders.ALLOW, allow).build();
			}
			return ignored -> Mono.error(new ProblemException(HttpStatus.METHOD_NOT_ALLOWED,
					"This path does not take " + method.name() + "; it takes " + allow + ".", Map.of(),
					allowHeader(allow)));
		}

		private static HttpHeaders allowHeader(String allow) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.ALLOW, allow);
			return headers;
		}

		private List<RouterFunction<?>> others() {
			List<RouterFunction<?>> found = others;
			if (found == null) {
				found = routers.orderedStream().filter(router -> router != this).toList();
				others = found;
			}
			return found;
		}

	}

	/**
	 * A handler and the request as its route matched it (its path variables are
	 * attributes of that request).
	 */
	private record RoutedHandler(HandlerFunction<?> handler, ServerRequest request) {

		Mono<ServerResponse> handleWithoutBody(ServerRequest ignored) {
			return handler.handle(request).map(response -> new HeadResponse((ServerResponse) response));
		}
	}

	/**
	 * The GET handler's response for a HEAD request. Spring drops a HEAD response's body
	 * and sets its length, but it would read a stream (the live feed) to its end first: a
	 * streamed body is not read at all.
	 */
	private record HeadResponse(ServerResponse get) implements ServerResponse {

		@Override
		public HttpStatusCode statusCode() {
			return get.statusCode();
		}

		@Override
		public HttpHeaders headers() {
			return get.headers();
		}

		@Override
		public MultiValueMap<String, ResponseCookie> cookies() {
			return get.cookies();
		}

		@Override
		public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
			ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
				@Override
				public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
					return body instanceof Mono<?> ? super.writeWith(body) : setComplete();
				}
			};
			return get.writeTo(exchange.mutate().response(response).build(), context);
		}
	}

}
