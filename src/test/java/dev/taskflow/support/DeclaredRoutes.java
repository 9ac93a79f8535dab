package dev.taskflow.support;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The routes the application's router functions declare, as "METHOD pattern" (e.g.
 * {@code PATCH /api/v1/tasks/{id:[0-9]+}}), read from the running application: a test
 * that must cover every route fails when a route is added without it.
 */
public final class DeclaredRoutes {

	private DeclaredRoutes() {
	}

	public static Set<String> of(ApplicationContext context) {
		Set<String> routes = new TreeSet<>();
		for (RouterFunction<?> function : context.getBeansOfType(RouterFunction.class).values()) {
			function.accept(new Routes(routes));
		}
		return routes;
	}

	private record Routes(Set<String> routes) implements RouterFunctions.Visitor {

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
			Parts parts = new Parts(new ArrayList<>(), new ArrayList<>());
			predicate.accept(parts);
			for (String method : parts.methods()) {
				for (String path : parts.paths()) {
					routes.add(method + " " + path);
				}
			}
		}

		@Override
		public void startNested(RequestPredicate predicate) {
		}

		@Override
		public void endNested(RequestPredicate predicate) {
		}

		@Override
		public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
		}
	}

	/**
	 * The methods and path patterns a route's predicate names; the rest of the predicate
	 * does not matter here.
	 */
	private record Parts(List<String> methods, List<String> paths) implements RequestPredicates.Visitor {

		@Override
		public void method(Set<HttpMethod> httpMethods) {
			httpMethods.forEach(method -> methods.add(method.name()));
		}

		@Override
		public void path(String pattern) {
			paths.add(pattern);
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void queryParam(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}
	}

}
