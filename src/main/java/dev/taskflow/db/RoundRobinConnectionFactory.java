package dev.taskflow.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens each new connection from the next of several factories in turn, so connections
 * spread over their loops.
 */
final class RoundRobinConnectionFactory implements ConnectionFactory {

	private final List<? extends ConnectionFactory> factories;

	private final AtomicInteger next = new AtomicInteger();

	RoundRobinConnectionFactory(List<? extends ConnectionFactory> factories) {
		this.factories = List.copyOf(factories);
	}

	@Override
	public Publisher<? extends Connection> create() {
		return Mono
			.defer(() -> Mono.from(factories.get(Math.floorMod(next.getAndIncrement(), factories.size())).create()));
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return factories.getFirst().getMetadata();
	}

}
