package dev.taskflow.health;

import dev.taskflow.health.HealthApiDocs.DatabaseHealthy;
import dev.taskflow.health.HealthApiDocs.DatabaseUnhealthy;
import dev.taskflow.health.HealthApiDocs.HealthStatus;
import dev.taskflow.health.HealthApiDocs.PoolStatus;
import dev.taskflow.web.QueryParameters;

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

/**
 * The health routes. The bodies are the records {@link HealthApiDocs} describes, so the
 * document and the answer cannot drift apart.
 */
@Component
class HealthHandler {

	private static final HealthStatus HEALTHY = new HealthStatus("healthy");

	private final DatabaseProbe probe;

	private final ConnectionFactory connectionFactory;

	HealthHandler(DatabaseProbe probe, ConnectionFactory connectionFactory) {
		this.probe = probe;
		this.connectionFactory = connectionFactory;
	}

	/** The process is up; deliberately does not touch the database. */
	Mono<ServerResponse> health(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return json(HttpStatus.OK, HEALTHY);
	}

	Mono<ServerResponse> database(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return probe.check()
			.flatMap(check -> check.up()
					? json(HttpStatus.OK, new DatabaseHealthy("healthy", "connected", check.latencyMs()))
					: json(HttpStatus.SERVICE_UNAVAILABLE,
							new DatabaseUnhealthy("unhealthy", "disconnected", check.error())));
	}

	Mono<ServerResponse> pool(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		ConnectionPool pool = unwrapPool(connectionFactory);
		PoolMetrics metrics = pool == null ? null : pool.getMetrics().orElse(null);
		return json(HttpStatus.OK,
				metrics == null ? new PoolStatus(pool != null, 0, 0, 0, 0, 0)
						: new PoolStatus(true, metrics.allocatedSize(), metrics.acquiredSize(), metrics.idleSize(),
								metrics.pendingAcquireSize(), metrics.getMaxAllocatedSize()));
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

	private static Mono<ServerResponse> json(HttpStatus status, Record body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "no-store")
			.bodyValue(body);
	}

}
