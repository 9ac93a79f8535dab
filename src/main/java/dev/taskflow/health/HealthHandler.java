package dev.taskflow.health;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

@Component
class HealthHandler {

	private final DatabaseProbe probe;

	private final ConnectionFactory connectionFactory;

	HealthHandler(DatabaseProbe probe, ConnectionFactory connectionFactory) {
		this.probe = probe;
		this.connectionFactory = connectionFactory;
	}

	/** The process is up; deliberately does not touch the database. */
	Mono<ServerResponse> health(ServerRequest request) {
		return json(HttpStatus.OK, Map.of("status", "healthy"));
	}

	Mono<ServerResponse> database(ServerRequest request) {
		return probe.check().flatMap(check -> {
			if (check.up()) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("status", "healthy");
				body.put("database", "connected");
				body.put("latencyMs", check.latencyMs());
				return json(HttpStatus.OK, body);
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", "unhealthy");
			body.put("database", "disconnected");
			body.put("error", check.error());
			return json(HttpStatus.SERVICE_UNAVAILABLE, body);
		});
	}

	Mono<ServerResponse> pool(ServerRequest request) {
		ConnectionPool pool = unwrapPool(connectionFactory);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("pooled", pool != null);
		PoolMetrics metrics = pool == null ? null : pool.getMetrics().orElse(null);
		body.put("size", metrics == null ? 0 : metrics.allocatedSize());
		body.put("acquired", metrics == null ? 0 : metrics.acquiredSize());
		body.put("idle", metrics == null ? 0 : metrics.idleSize());
		body.put("pending", metrics == null ? 0 : metrics.pendingAcquireSize());
		body.put("maxSize", metrics == null ? 0 : metrics.getMaxAllocatedSize());
		return json(HttpStatus.OK, body);
	}

	private static ConnectionPool unwrapPool(ConnectionFactory factory) {
		Object current = factory;
		for (int depth = 0; depth < 5 && current != null; depth++) {
			if (current instanceof ConnectionPool pool) {
				return pool;
			}
			current = current instanceof Wrapped<?> wrapped ? wrapped.unwrap() : null;
		}
		return null;
	}

	private static Mono<ServerResponse> json(HttpStatus status, Map<String, ?> body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "no-store")
			.bodyValue(body);
	}

}
