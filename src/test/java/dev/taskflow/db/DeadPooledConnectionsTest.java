package dev.taskflow.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.ValidationDepth;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After a suspend every pooled connection may be dead at once. An acquire moves on past
 * each one that fails validation and reaches a new connection; a database that cannot be
 * reached fails the acquire at once, unretried.
 */
class DeadPooledConnectionsTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Test
	void anAcquireSkipsEveryDeadConnectionAndOpensANewOne() {
		Drivers drivers = new Drivers();
		ConnectionFactory pool = DatabaseConfiguration.pooled(drivers, settings(3, false));
		List<Connection> held = List.of(acquire(pool), acquire(pool), acquire(pool));
		held.forEach(connection -> Mono.from(connection.close()).block(WAIT));
		assertThat(drivers.opened()).hasSize(3);

		drivers.opened().forEach(FakeConnection::die);

		Connection next = acquire(pool);
		assertThat(Mono.from(next.validate(ValidationDepth.REMOTE)).block(WAIT))
			.as("the connection handed out is alive")
			.isTrue();
		assertThat(drivers.opened().size()).as("connections opened: the three dead ones, then new ones")
			.isGreaterThan(3);
		assertThat(drivers.opened().subList(0, 3)).as("the dead ones are closed, not kept")
			.allMatch(FakeConnection::closed);
		Mono.from(next.close()).block(WAIT);
	}

	@Test
	void withPrePingAConnectionThatFailsItsRoundTripIsSkippedToo() {
		Drivers drivers = new Drivers();
		ConnectionFactory pool = DatabaseConfiguration.pooled(drivers, settings(2, true));
		List<Connection> held = List.of(acquire(pool), acquire(pool));
		held.forEach(connection -> Mono.from(connection.close()).block(WAIT));

		// Open as far as the socket tells, gone as far as a round trip shows (a half-open
		// connection).
		drivers.opened().forEach(FakeConnection::goSilentlyDead);

		Connection next = acquire(pool);
		assertThat(Mono.from(next.validate(ValidationDepth.REMOTE)).block(WAIT))
			.as("the connection handed out is alive")
			.isTrue();
		assertThat(drivers.opened().subList(0, 2)).as("the silently dead ones are closed")
			.allMatch(FakeConnection::closed);
		Mono.from(next.close()).block(WAIT);
	}

	@Test
	void aDatabaseThatCannotBeReachedFailsTheAcquireWithoutRetries() {
		Drivers drivers = new Drivers();
		drivers.refuse.set(true);
		// One connection at most, so that the pool's own warm-up makes no further
		// attempts.
		ConnectionFactory pool = DatabaseConfiguration.pooled(drivers, settings(1, true));

		assertThatThrownBy(() -> acquire(pool)).isInstanceOf(R2dbcNonTransientResourceException.class)
			.hasMessage("Connection refused");
		assertThat(drivers.attempts.get()).as("connection attempts for one acquire").isOne();
	}

	private static PoolSettings settings(int size, boolean prePing) {
		return new PoolSettings(size, 0, Duration.ofSeconds(3), Duration.ofMinutes(30), prePing, 100);
	}

	private static Connection acquire(ConnectionFactory pool) {
		return Mono.from(pool.create()).block(WAIT);
	}

	/**
	 * A driver whose connections the test can kill, loudly (the socket closed) or
	 * silently.
	 */
	private static final class Drivers implements ConnectionFactory {

		private final List<FakeConnection> opened = new CopyOnWriteArrayList<>();

		private final AtomicBoolean refuse = new AtomicBoolean();

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger remoteValidations = new AtomicInteger();

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.defer(() -> {
				attempts.incrementAndGet();
				if (refuse.get()) {
					return Mono.error(new R2dbcNonTransientResourceException("Connection refused"));
				}
				FakeConnection connection = new FakeConnection(remoteValidations);
				opened.add(connection);
				return Mono.just(connection.proxy());
			});
		}

		List<FakeConnection> opened() {
			return List.copyOf(opened);
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "fake";
		}

	}

	private static final class FakeConnection {

		private final AtomicInteger remoteValidations;

		private volatile boolean socketOpen = true;

		private volatile boolean answers = true;

		private volatile boolean closed;

		FakeConnection(AtomicInteger remoteValidations) {
			this.remoteValidations = remoteValidations;
		}

		void die() {
			socketOpen = false;
			answers = false;
		}

		void goSilentlyDead() {
			answers = false;
		}

		boolean alive() {
			return socketOpen && answers;
		}

		boolean closed() {
			return closed;
		}

		Connection proxy() {
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (self, method, args) -> switch (method.getName()) {
						case "validate" -> {
							if (args[0] == ValidationDepth.LOCAL) {
								yield Mono.just(socketOpen);
							}
							remoteValidations.incrementAndGet();
							yield Mono.just(socketOpen && answers);
						}
						// As the driver does: the goodbye cannot be sent on a connection
						// that is gone.
						case "close" -> {
							closed = true;
							yield answers ? Mono.empty() : Mono.error(new java.io.IOException("Broken pipe"));
						}
						case "isAutoCommit" -> true;
						case "toString" -> "FakeConnection";
						case "hashCode" -> System.identityHashCode(self);
						case "equals" -> self == args[0];
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
